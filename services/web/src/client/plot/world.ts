// The station map's projection: equirectangular (plate carrée), longitude −180..180 left to
// right, latitude 90..−90 top to bottom. Plain, and stations read off it by eye.

export interface Box {
  width: number;
  height: number;
}

export function equirect(lonDeg: number, latDeg: number, box: Box): [number, number] {
  const lon = ((((lonDeg + 180) % 360) + 360) % 360) - 180;
  const lat = Math.max(-90, Math.min(90, latDeg));
  return [((lon + 180) / 360) * box.width, ((90 - lat) / 180) * box.height];
}

/** An SVG path `d` for closed outlines. */
export function outlinePath(rings: ReadonlyArray<ReadonlyArray<readonly [number, number]>>, box: Box): string {
  return rings
    .map(
      (ring) =>
        ring
          .map(([lon, lat], i) => {
            const [x, y] = equirect(lon, lat, box);
            return `${i ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`;
          })
          .join('') + 'Z',
    )
    .join('');
}

export type Health = 'good' | 'slow' | 'silent' | 'unknown';

/**
 * A station's colour class: silent or never heard; slow when the median delay from reception
 * to ingest is past `slowMs` (a delayed alert is a late telescope); good otherwise.
 */
export function stationHealth(status: string, latencyP50Ms: number | null | undefined, slowMs = 30_000): Health {
  if (status === 'silent') return 'silent';
  if (status === 'never-heard') return 'unknown';
  if (latencyP50Ms !== null && latencyP50Ms !== undefined && latencyP50Ms > slowMs) return 'slow';
  return 'good';
}
