/**
 * The typed input of an SVOM FSC notice: what the alerts service knows about a burst when it
 * publishes. Units are in the names; times are ISO 8601 UTC instants (`...Z`, millisecond
 * precision at most). {@link svomNoticeToVoEvent} rounds as the real notices do;
 * {@link svomNoticeToJson} keeps full precision.
 */

/** MXT position quality: R90 ≤ 40″ gives 4, ≤ 90″ 3, ≤ 130″ 2, more 1. */
export type MxtQuality = 1 | 2 | 3 | 4;

/** Notice names, the suffix of the IVORN (`ivo://org.svom/fsc#<Burst_Id>_<name>`). */
export type SvomNoticeName =
  | 'grm-trigger'
  | 'eclairs-wakeup'
  | 'eclairs-catalog'
  | 'slewing'
  | 'not-slewing'
  | `mxt-initial_qf${MxtQuality}`
  | `mxt-update_qf${MxtQuality}`
  | 'vt'
  | 'retraction';

/** `Packet_Type` of each notice (docs/ICD-VHF.md §7). */
export type SvomPacketType = 201 | 202 | 203 | 204 | 205 | 209 | 210 | 211 | 219;

/** `Slew_Status` as the real notices spell it. */
export type SlewStatus = 'accepted' | 'rejected' | 'not-requested' | 'requested';

/** A sky position; an absent error radius is written -1, as the real GRM notices do. */
export interface SkyPosition {
  raDeg: number;
  decDeg: number;
  errorRadiusDeg?: number;
}

/** Where the burst lies with respect to the Galaxy, the Sun and the Moon (geocentric, at T0). */
export interface SkyContext {
  galacticLonDeg: number;
  galacticLatDeg: number;
  sunAngleDeg: number;
  moonAngleDeg: number;
}

/** Pointing of the satellite's axis at T0. */
export interface Pointing {
  raDeg: number;
  decDeg: number;
  rollDeg: number;
}

/** The satellite's WGS84 position at T0. */
export interface SatelliteLocation {
  lonDeg: number;
  latDeg: number;
  altitudeKm: number;
}

/** An earlier notice of the burst; `cite` defaults to followup (retraction for a retraction). */
export interface SvomCitation {
  ivorn: string;
  cite?: 'followup' | 'supersedes' | 'retraction';
}

/** Fields every notice has. */
export interface SvomNoticeBase {
  /** `sb` + YYMMDD of T0 + two-digit rank that day. */
  burstId: string;
  /** `Pkt_Ser_Num`: 1 for the first notice of that name for the burst. */
  serialNumber: number;
  /** When the FSC issued the notice (`Who/Date`, whole seconds in XML). */
  dateIssued: string;
  /** `observation` unless the notice is a test. */
  role?: 'observation' | 'test';
  /** Earlier notices of the burst, oldest first. */
  citations?: SvomCitation[];
}

/** Fields of the notices that measure something. */
export interface SvomMeasuredBase extends SvomNoticeBase {
  /** Burst trigger time T0 (`ISOTime`, `Time_Window_Start`). */
  t0: string;
  /** `Alert_Seq_T0` when the FSC gives it (some 2026 notices). */
  alertSequenceT0?: string;
  position?: SkyPosition;
  sky?: SkyContext;
  pointing?: Pointing;
  satellite?: SatelliteLocation;
}

/** Trigger fields shared by GRM and ECLAIRs. */
export interface SvomTriggerFields {
  snr: number;
  /** Trigger timescale: the time window is [T0, T0 + timescale]. */
  timescaleS: number;
  energyBandKev: [number, number];
}

/** 201: a GRM trigger. */
export interface GrmTriggerNotice extends SvomMeasuredBase, SvomTriggerFields {
  name: 'grm-trigger';
  packetType: 201;
  /** Which of GRD1..3 triggered (`Triggered_GRDs`, e.g. "101"). */
  triggeredGrds: [boolean, boolean, boolean];
}

/** 202-205: an ECLAIRs alert. */
export interface EclairsNotice extends SvomMeasuredBase, SvomTriggerFields {
  name: 'eclairs-wakeup' | 'eclairs-catalog' | 'slewing' | 'not-slewing';
  packetType: 202 | 203 | 204 | 205;
  /** Count-rate trigger (CRT) or image trigger (IMT). */
  triggerType: 'CRT' | 'IMT';
  slewStatus: SlewStatus;
  /** On-board catalogue source (203). */
  catalog?: { id: number; sourceName: string };
}

/** 209-210: an MXT position. */
export interface MxtNotice extends SvomMeasuredBase {
  name: `mxt-initial_qf${MxtQuality}` | `mxt-update_qf${MxtQuality}`;
  packetType: 209 | 210;
  snr: number;
  /** `Mean_Flux` and `Flux_Error` in the unit the FSC writes, erg.cm^-2.s^-1. */
  meanFlux: number;
  fluxError: number;
  withinEclairsR90: boolean;
  /** Distance from the ECLAIRs position. */
  eclairsAngleArcmin: number;
  useVtAttitude: boolean;
}

/** One optical counterpart candidate of the VT. */
export interface VtCandidate {
  raDeg: number;
  decDeg: number;
  errorRadiusArcsec: number;
  /** AB magnitude in `band`, when measured. */
  magnitude?: number;
  band?: 'VT_B' | 'VT_R';
}

/** 211: VT candidates (no real notice yet: the FSC's own layout, see README). */
export interface VtNotice extends SvomMeasuredBase {
  name: 'vt';
  packetType: 211;
  candidates: VtCandidate[];
}

/** 219: a Burst Advocate's retraction; repeats the content of the notice it retracts. */
export interface RetractionNotice extends SvomNoticeBase {
  name: 'retraction';
  packetType: 219;
  /** The Burst Advocate's reason (`Citations/Description`). */
  advocateComment: string;
  /** The last notice of the burst, whose measurements the retraction repeats. */
  retracted: GrmTriggerNotice | EclairsNotice | MxtNotice;
}

/** Any SVOM FSC notice. */
export type SvomNotice = GrmTriggerNotice | EclairsNotice | MxtNotice | VtNotice | RetractionNotice;
