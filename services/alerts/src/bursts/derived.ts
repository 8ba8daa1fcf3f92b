import {
  burstDirection,
  gcrsToGeodetic,
  pointing,
  sunMoonAngles,
  toGalactic,
  type Quaternion,
  type Vec3,
} from '@svom/astro';
import type { Pointing, SatelliteLocation, SkyContext, SkyPosition } from '@svom/voevent';
import type { EclairsAlertFields, MxtPositionFields } from '@svom/contracts';

/**
 * What the FSC computes that the packets do not carry (ICD-VHF section 7), all through
 * libs/astro (astronomy-engine underneath): nothing here is an ephemeris of its own.
 */

/** The ECLAIRs sky position: (θ, φ) turned into ICRS by the attitude at T0; R90 as the error. */
export function eclairsPosition(
  alert: Pick<EclairsAlertFields, 'thetaDeg' | 'phiDeg' | 'attitude' | 'r90Arcmin'>,
): Required<SkyPosition> {
  const { raDeg, decDeg } = burstDirection(alert.thetaDeg, alert.phiDeg, alert.attitude);
  return { raDeg, decDeg, errorRadiusDeg: alert.r90Arcmin / 60 };
}

export function mxtPosition(mxt: Pick<MxtPositionFields, 'raDeg' | 'decDeg' | 'r90Arcsec'>): Required<SkyPosition> {
  return { raDeg: mxt.raDeg, decDeg: mxt.decDeg, errorRadiusDeg: mxt.r90Arcsec / 3600 };
}

/** Galactic coordinates and the geocentric Sun and Moon angles of a direction at T0. */
export function skyContext(raDeg: number, decDeg: number, t0: string): SkyContext {
  const galactic = toGalactic(raDeg, decDeg);
  const { sunAngleDeg, moonAngleDeg } = sunMoonAngles(raDeg, decDeg, new Date(t0));
  return { galacticLonDeg: galactic.lonDeg, galacticLatDeg: galactic.latDeg, sunAngleDeg, moonAngleDeg };
}

/** Pointing (body +X) and roll (position angle of body +Z) of an attitude. */
export function pointingOf(attitude: Quaternion): Pointing {
  const p = pointing(attitude);
  return { raDeg: p.raDeg, decDeg: p.decDeg, rollDeg: p.rollDeg };
}

/** The satellite's WGS84 position at T0 from its GCRS position in metres. */
export function satelliteLocation(positionM: Vec3, t0: string): SatelliteLocation {
  const g = gcrsToGeodetic(positionM, new Date(t0));
  return { lonDeg: g.longitudeDeg, latDeg: g.latitudeDeg, altitudeKm: g.altitudeKm };
}
