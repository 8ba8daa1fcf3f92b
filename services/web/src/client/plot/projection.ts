// The sky map's projection: gnomonic (tangent plane) around a centre, the standard for small
// fields. ξ grows to the east, η to the north; drawn with east to the LEFT, as the sky is seen.

const RAD = Math.PI / 180;

export interface SkyPoint {
  raDeg: number;
  decDeg: number;
}

/** Offsets in degrees on the tangent plane (ξ east, η north). */
export interface PlanePoint {
  xiDeg: number;
  etaDeg: number;
}

/**
 * Gnomonic projection of `p` on the plane tangent at `centre`; undefined for a point 90° or
 * more away (it has no image on that plane).
 */
export function gnomonic(centre: SkyPoint, p: SkyPoint): PlanePoint | undefined {
  const a0 = centre.raDeg * RAD;
  const d0 = centre.decDeg * RAD;
  const a = p.raDeg * RAD;
  const d = p.decDeg * RAD;
  const cosC = Math.sin(d0) * Math.sin(d) + Math.cos(d0) * Math.cos(d) * Math.cos(a - a0);
  if (cosC <= 1e-6) return undefined;
  const xi = (Math.cos(d) * Math.sin(a - a0)) / cosC;
  const eta = (Math.cos(d0) * Math.sin(d) - Math.sin(d0) * Math.cos(d) * Math.cos(a - a0)) / cosC;
  return { xiDeg: xi / RAD, etaDeg: eta / RAD };
}

/** Angular distance in degrees (haversine: accurate for the arcsecond offsets of MXT and VT). */
export function separationDeg(p: SkyPoint, q: SkyPoint): number {
  const d1 = p.decDeg * RAD;
  const d2 = q.decDeg * RAD;
  const h = Math.sin((d2 - d1) / 2) ** 2 + Math.cos(d1) * Math.cos(d2) * Math.sin(((q.raDeg - p.raDeg) * RAD) / 2) ** 2;
  return (2 * Math.asin(Math.min(1, Math.sqrt(h)))) / RAD;
}

/** The point at `distanceDeg` from `p` towards position angle `paDeg` (north through east). */
export function offsetPoint(p: SkyPoint, distanceDeg: number, paDeg: number): SkyPoint {
  const d1 = p.decDeg * RAD;
  const r = distanceDeg * RAD;
  const pa = paDeg * RAD;
  const d2 = Math.asin(Math.sin(d1) * Math.cos(r) + Math.cos(d1) * Math.sin(r) * Math.cos(pa));
  const da = Math.atan2(Math.sin(pa) * Math.sin(r) * Math.cos(d1), Math.cos(r) - Math.sin(d1) * Math.sin(d2));
  return { raDeg: (((p.raDeg + da / RAD) % 360) + 360) % 360, decDeg: d2 / RAD };
}

/**
 * An error circle as a polygon on the tangent plane: a small circle on the sphere is not a
 * circle under the gnomonic projection once it is several degrees wide (GRM), so it is traced
 * point by point. Points with no image are left out.
 */
export function circleOnPlane(centre: SkyPoint, circle: SkyPoint & { radiusDeg: number }, points = 72): PlanePoint[] {
  const out: PlanePoint[] = [];
  for (let i = 0; i < points; i++) {
    const q = gnomonic(centre, offsetPoint(circle, circle.radiusDeg, (360 * i) / points));
    if (q) out.push(q);
  }
  return out;
}

/**
 * The half-width in degrees of a field that shows every region: the largest reach of a region
 * from the centre, with a margin, never below `minDeg` (so an arcsecond MXT circle is not all
 * there is to see) and never past 60° (the gnomonic plane stretches badly beyond).
 */
export function fieldHalfWidthDeg(
  centre: SkyPoint,
  regions: Array<SkyPoint & { radiusDeg: number }>,
  minDeg = 0.05,
): number {
  let reach = 0;
  for (const r of regions) reach = Math.max(reach, separationDeg(centre, r) + r.radiusDeg);
  return Math.min(60, Math.max(minDeg, reach * 1.15));
}
