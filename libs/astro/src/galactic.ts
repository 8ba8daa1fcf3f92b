/**
 * ICRS ↔ Galactic (IAU 1958 system as realised on the ICRS).
 *
 * We use the ICRS→Galactic matrix of the Hipparcos catalogue (ESA SP-1200, 1997, vol. 1,
 * sect. 1.5.3, eq. 1.5.11), the one astropy and the SVOM test vectors agree with.
 * astronomy-engine's `Rotation_EQJ_GAL` applies the 1958 pole directly to J2000 (no FK4→FK5
 * step) and differs by ~9 arcsec (0.0024° in longitude on the test vector), over our 0.001°
 * tolerance, so it is not used here.
 */
import { DEG_PER_RAD, unitVector, wrap360 } from './angles.js';
import type { RaDec } from './angles.js';
import { assertFinite } from './errors.js';
import { applyMat3, applyMat3Transposed } from './matrix.js';

/** Galactic longitude and latitude. */
export interface Galactic {
  lonDeg: number;
  latDeg: number;
}

// Rows: Galactic x (centre), y (l = 90°), z (north Galactic pole), in ICRS.
const ICRS_TO_GALACTIC = Float64Array.of(
  -0.0548755604162154,
  -0.873437090234885,
  -0.4838350155487132,
  0.4941094278755837,
  -0.4448296299600112,
  0.746982244497219,
  -0.8676661490190047,
  -0.1980763734312015,
  0.4559837761750669,
);

/** ICRS (RA, Dec) → Galactic (l, b), degrees; l in [0, 360). */
export function toGalactic(raDeg: number, decDeg: number): Galactic {
  assertFinite(raDeg, 'raDeg');
  assertFinite(decDeg, 'decDeg');
  const [x, y, z] = applyMat3(ICRS_TO_GALACTIC, unitVector(raDeg, decDeg));
  return { lonDeg: wrap360(Math.atan2(y, x) * DEG_PER_RAD), latDeg: Math.atan2(z, Math.hypot(x, y)) * DEG_PER_RAD };
}

/** Galactic (l, b) → ICRS (RA, Dec), degrees. */
export function fromGalactic(lonDeg: number, latDeg: number): RaDec {
  assertFinite(lonDeg, 'lonDeg');
  assertFinite(latDeg, 'latDeg');
  const [x, y, z] = applyMat3Transposed(ICRS_TO_GALACTIC, unitVector(lonDeg, latDeg));
  return { raDeg: wrap360(Math.atan2(y, x) * DEG_PER_RAD), decDeg: Math.atan2(z, Math.hypot(x, y)) * DEG_PER_RAD };
}
