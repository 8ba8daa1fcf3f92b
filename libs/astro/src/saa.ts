/**
 * South Atlantic Anomaly as a polygon in geodetic latitude / east longitude.
 *
 * Source: the Fermi GBM SAA boundary used from 2008 to July 2024 (Fermi at ~530 km, 25.6°
 * inclination), as published in the Fermi GBM Data Tools (`gdt.missions.fermi.gbm.saa`).
 * Fermi never goes south of −25.6°, so that polygon stops at −30°; SVOM (30°) reaches −30.1°, and
 * the trapped-proton region at ~600 km extends further south, so we close the polygon at −40°
 * below the two −30° vertices. This is an approximation of a flux contour that depends on
 * altitude, energy and epoch (the SAA drifts west ~0.3°/yr); replace it with SVOM's own
 * boundary when available.
 */

/** Vertices as [latitudeDeg, longitudeDeg], closed (first = last). */
export const SAA_POLYGON: ReadonlyArray<readonly [number, number]> = [
  [-30.0, 33.9],
  [-19.867, 12.398],
  [-9.733, -9.103],
  [0.4, -30.605],
  [2.0, -38.4],
  [2.0, -45.0],
  [-1.0, -65.0],
  [-6.155, -84.0],
  [-8.88, -89.2],
  [-14.22, -94.3],
  [-18.404, -94.3],
  [-30.0, -86.1],
  [-40.0, -86.1],
  [-40.0, 33.9],
  [-30.0, 33.9],
];

/**
 * Whether a point is inside a [lat, lon] polygon (ray casting along longitude). The polygon must
 * not cross the ±180° meridian; `longitudeDeg` is taken in [-180, 180).
 */
export function pointInPolygon(
  latitudeDeg: number,
  longitudeDeg: number,
  polygon: ReadonlyArray<readonly [number, number]>,
): boolean {
  const lon = ((((longitudeDeg + 180) % 360) + 360) % 360) - 180;
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [latI, lonI] = polygon[i]!;
    const [latJ, lonJ] = polygon[j]!;
    if (latI > latitudeDeg !== latJ > latitudeDeg) {
      const lonCross = lonJ + ((latitudeDeg - latJ) * (lonI - lonJ)) / (latI - latJ);
      if (lon < lonCross) inside = !inside;
    }
  }
  return inside;
}

/** Whether the sub-satellite point (geodetic latitude, east longitude) is in the SAA. */
export function inSaa(latitudeDeg: number, longitudeDeg: number): boolean {
  return pointInPolygon(latitudeDeg, longitudeDeg, SAA_POLYGON);
}
