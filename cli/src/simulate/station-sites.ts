import type { NewStation } from '../station/station-api.js';

/**
 * Where simulated stations stand: the first dozen are the ids the @svom/vhf relay uses by
 * default, at real places along SVOM's low-inclination ground track; more get SIM ids spread
 * around the equator, so the dashboard's station map stays believable.
 */
const SITES: ReadonlyArray<readonly [string, string, number, number]> = [
  ['NCL1', 'Nouméa', -22.27, 166.45],
  ['CBR1', 'Canberra', -35.3, 149.13],
  ['DAR1', 'Darwin', -12.46, 130.84],
  ['KOU1', 'Kourou', 5.16, -52.65],
  ['OUK1', 'Ouagadougou', 12.37, -1.52],
  ['MAL1', 'Malindi', -3.22, 40.12],
  ['SGP1', 'Singapore', 1.35, 103.82],
  ['SEY1', 'Mahé', -4.68, 55.49],
  ['LIB1', 'Libreville', 0.39, 9.45],
  ['MUS1', 'Mauritius', -20.16, 57.5],
  ['HBK1', 'Hartebeesthoek', -25.89, 27.69],
  ['TAH1', 'Tahiti', -17.65, -149.43],
];

export function simulatedStations(count: number): NewStation[] {
  return Array.from({ length: count }, (_, i) => {
    const site = SITES[i];
    if (site) return { id: site[0], name: `${site[1]} (simulated)`, latitudeDeg: site[2], longitudeDeg: site[3] };
    const longitudeDeg = Math.round(((i * 137.5) % 360) - 180);
    const latitudeDeg = Math.round(((i * 53) % 60) - 30);
    return {
      id: `SIM${String(i + 1).padStart(3, '0')}`,
      name: `Simulated station ${i + 1}`,
      latitudeDeg,
      longitudeDeg,
    };
  });
}
