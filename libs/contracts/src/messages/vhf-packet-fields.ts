import { Type, type Static } from 'typebox';

/**
 * The decoded fields of each ICD-VHF v1 message (section 4) as `@svom/vhf` decodes them and the
 * ingest publishes them: angles in degrees, times ISO 8601 UTC, units in the names. A contracts
 * test holds these to the codec's own types and to its decoding of the ICD test vectors.
 */

const Iso = Type.String({ format: 'date-time' });
const Count = Type.Integer({ minimum: 0 });
/** `[q0, q1, q2, q3]`, q0 scalar: rotates body vectors into ICRS (ICD section 2). */
const Attitude = Type.Immutable(Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]));
/** GCRS position, metres. */
const PositionM = Type.Immutable(Type.Tuple([Type.Number(), Type.Number(), Type.Number()]));
/** `[lower, upper]`, keV. */
const EnergyBandKeV = Type.Tuple([Type.Number(), Type.Number()]);

/** 4.1 platform recurrent (APID 0x310, type 1), every 60 s. */
export const PlatformRecurrentFields = Type.Object({
  attitudeTime: Iso,
  attitude: Attitude,
  positionM: PositionM,
  inSaa: Type.Boolean(),
  slewing: Type.Boolean(),
  eclairsOn: Type.Boolean(),
  mxtOn: Type.Boolean(),
  vtOn: Type.Boolean(),
  grmOn: Type.Boolean(),
  programme: Type.Union([
    Type.Literal('core'),
    Type.Literal('general'),
    Type.Literal('too'),
    Type.Literal('calibration'),
  ]),
  observationId: Count,
});
export type PlatformRecurrentFields = Static<typeof PlatformRecurrentFields>;

/** 4.2 ECLAIRs alert (APID 0x320, type 1): the first (count 0) and the refined ones. */
export const EclairsAlertFields = Type.Object({
  alertSequenceId: Count,
  messageCount: Count,
  triggerTime: Iso,
  thetaDeg: Type.Number({ minimum: 0, maximum: 180, description: 'off-axis angle from body +X' }),
  phiDeg: Type.Number({ description: 'azimuth from body +Y towards +Z' }),
  r90Arcmin: Type.Number({ minimum: 0 }),
  snr: Type.Number(),
  timescaleS: Type.Number({ minimum: 0 }),
  energyKeV: EnergyBandKeV,
  triggerType: Type.Union([Type.Literal('count-rate'), Type.Literal('image')]),
  slewRequested: Type.Boolean(),
  catalogId: Type.Integer({ minimum: 0, description: 'on-board catalogue id, 0 when no known source' }),
  attitude: Attitude,
  positionM: PositionM,
});
export type EclairsAlertFields = Static<typeof EclairsAlertFields>;

/** 4.3 ECLAIRs slew status (APID 0x320, type 2). */
export const SlewStatusFields = Type.Object({
  alertSequenceId: Count,
  status: Type.Union([Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('not-requested')]),
  reason: Type.Union([
    Type.Literal('none'),
    Type.Literal('earth'),
    Type.Literal('sun'),
    Type.Literal('saa'),
    Type.Literal('higher-priority'),
    Type.Literal('other'),
  ]),
  time: Type.String({ format: 'date-time', description: 'slew start, or the decision time when there is no slew' }),
});
export type SlewStatusFields = Static<typeof SlewStatusFields>;

/** 4.4 ECLAIRs light curve (APID 0x320, type 3), decoded once its frames are joined. */
export const LightCurveFields = Type.Object({
  alertSequenceId: Count,
  start: Type.String({ format: 'date-time', description: 'start of the first bin' }),
  binMs: Count,
  bins: Count,
  bands: Count,
  counts: Type.Array(Type.Array(Count), { description: '`counts[bin][band]`, bin-major as on the wire' }),
});
export type LightCurveFields = Static<typeof LightCurveFields>;

/** A joined light curve whose payload does not match its header: why, as an ICD rejection. */
export const UndecodableMessageFields = Type.Object({
  error: Type.Object({ code: Type.String({ description: 'ICD-VHF rejection code' }), detail: Type.String() }),
});
export type UndecodableMessageFields = Static<typeof UndecodableMessageFields>;

/** One frame of a multi-frame light curve, before reassembly: its payload bytes. */
export const LightCurveFrameFields = Type.Object({ payloadHex: Type.String({ pattern: '^([0-9a-f]{2})*$' }) });
export type LightCurveFrameFields = Static<typeof LightCurveFrameFields>;

/** 4.5 GRM trigger (APID 0x330, type 1). GRM gives no sky position. */
export const GrmTriggerFields = Type.Object({
  grmTriggerId: Count,
  triggerTime: Iso,
  snr: Type.Number(),
  timescaleS: Type.Number({ minimum: 0 }),
  triggeredGrds: Type.Tuple([Type.Boolean(), Type.Boolean(), Type.Boolean()], { description: '[GRD1, GRD2, GRD3]' }),
  energyKeV: EnergyBandKeV,
  attitude: Attitude,
  positionM: PositionM,
});
export type GrmTriggerFields = Static<typeof GrmTriggerFields>;

/** 4.6 MXT position (APID 0x340, type 1): the initial one (count 0) and its updates. */
export const MxtPositionFields = Type.Object({
  alertSequenceId: Count,
  messageCount: Count,
  time: Iso,
  raDeg: Type.Number({ minimum: 0, maximum: 360 }),
  decDeg: Type.Number({ minimum: -90, maximum: 90 }),
  r90Arcsec: Type.Number({ minimum: 0 }),
  snr: Type.Number(),
  meanFlux: Type.Number({ description: 'erg cm⁻² s⁻¹' }),
  fluxError: Type.Number({ description: 'erg cm⁻² s⁻¹' }),
  usedVtAttitude: Type.Boolean(),
  quality: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)], {
    description: 'derived from r90Arcsec (ICD section 7), not on the wire',
  }),
});
export type MxtPositionFields = Static<typeof MxtPositionFields>;

/** One VT afterglow candidate. */
export const VtCandidate = Type.Object({
  raDeg: Type.Number(),
  decDeg: Type.Number(),
  rMag: Type.Number(),
  bMag: Type.Union([Type.Number(), Type.Null()], { description: 'null when not detected in B' }),
  errorArcsec: Type.Number(),
});
export type VtCandidate = Static<typeof VtCandidate>;

/** 4.7 VT afterglow candidates (APID 0x350, type 1), 0 to 10. */
export const VtCandidatesFields = Type.Object({
  alertSequenceId: Count,
  time: Iso,
  candidates: Type.Array(VtCandidate, { maxItems: 10 }),
});
export type VtCandidatesFields = Static<typeof VtCandidatesFields>;
