/**
 * Textbook formulas (Meeus, Astronomical Algorithms, 2nd ed.) used by the tests as an
 * independent check of astronomy-engine-based code. Accurate to ~0.01°, enough for 0.1° checks.
 */
const RAD = Math.PI / 180;

export const julianDate = (date: Date): number => date.getTime() / 86_400_000 + 2_440_587.5;

/** Greenwich mean sidereal time, degrees (Meeus 12.4, IAU 1982). */
export function gmstDeg(date: Date): number {
  const d = julianDate(date) - 2_451_545;
  const t = d / 36_525;
  const g = 280.46061837 + 360.98564736629 * d + 0.000387933 * t * t - (t * t * t) / 38_710_000;
  return ((g % 360) + 360) % 360;
}

/** Rigorous precession J2000 → date (Meeus 21.2-21.4). */
export function precessFromJ2000(raDeg: number, decDeg: number, date: Date): { raDeg: number; decDeg: number } {
  const t = (julianDate(date) - 2_451_545) / 36_525;
  const zeta = ((2306.2181 * t + 0.30188 * t * t + 0.017998 * t ** 3) / 3600) * RAD;
  const z = ((2306.2181 * t + 1.09468 * t * t + 0.018203 * t ** 3) / 3600) * RAD;
  const theta = ((2004.3109 * t - 0.42665 * t * t - 0.041833 * t ** 3) / 3600) * RAD;
  const a0 = raDeg * RAD;
  const d0 = decDeg * RAD;
  const A = Math.cos(d0) * Math.sin(a0 + zeta);
  const B = Math.cos(theta) * Math.cos(d0) * Math.cos(a0 + zeta) - Math.sin(theta) * Math.sin(d0);
  const C = Math.sin(theta) * Math.cos(d0) * Math.cos(a0 + zeta) + Math.cos(theta) * Math.sin(d0);
  return { raDeg: (Math.atan2(A, B) + z) / RAD, decDeg: Math.asin(C) / RAD };
}

/** Altitude and azimuth (from north through east) of an of-date direction. */
export function altAz(
  raDeg: number,
  decDeg: number,
  latDeg: number,
  lonDeg: number,
  date: Date,
): { altDeg: number; azDeg: number } {
  const h = (gmstDeg(date) + lonDeg - raDeg) * RAD;
  const phi = latDeg * RAD;
  const dec = decDeg * RAD;
  const alt = Math.asin(Math.sin(phi) * Math.sin(dec) + Math.cos(phi) * Math.cos(dec) * Math.cos(h));
  // Meeus 13.5 counts azimuth from south; add 180° for north-based.
  const azSouth = Math.atan2(Math.sin(h), Math.cos(h) * Math.sin(phi) - Math.tan(dec) * Math.cos(phi));
  return { altDeg: alt / RAD, azDeg: (((azSouth / RAD + 180) % 360) + 360) % 360 };
}

/** Low-precision Sun of date (Astronomical Almanac, ~0.01° for 1950-2050). */
export function sunOfDate(date: Date): { raDeg: number; decDeg: number } {
  const n = julianDate(date) - 2_451_545;
  const L = 280.46 + 0.9856474 * n;
  const g = (357.528 + 0.9856003 * n) * RAD;
  const lambda = (L + 1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g)) * RAD;
  const eps = (23.439 - 0.0000004 * n) * RAD;
  return {
    raDeg: Math.atan2(Math.cos(eps) * Math.sin(lambda), Math.cos(lambda)) / RAD,
    decDeg: Math.asin(Math.sin(eps) * Math.sin(lambda)) / RAD,
  };
}

/** Target altitude and Sun altitude at a site, all independent of the library. */
export function referenceSky(target: { raDeg: number; decDeg: number }, latDeg: number, lonDeg: number, date: Date) {
  const p = precessFromJ2000(target.raDeg, target.decDeg, date);
  const t = altAz(p.raDeg, p.decDeg, latDeg, lonDeg, date);
  const s = sunOfDate(date);
  return {
    altitudeDeg: t.altDeg,
    azimuthDeg: t.azDeg,
    sunAltitudeDeg: altAz(s.raDeg, s.decDeg, latDeg, lonDeg, date).altDeg,
  };
}
