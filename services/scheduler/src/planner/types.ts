/**
 * The planner's vocabulary. Times inside the planner are sample indices of one ephemeris
 * (`startMs + i * stepS * 1000`), so every comparison is exact integer arithmetic; the edges of
 * the planner convert from and to milliseconds.
 */

export const REQUEST_KINDS = ['GP', 'ToO-NOM', 'ToO-MM', 'ToO-EX'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/**
 * The priority each kind implies, and the weight of one second observed at that priority. The
 * weights are a decade apart, so a plan never trades a second of a higher kind for even several
 * of a lower one; the planner also serves the kinds strictly in this order (ToO preemption).
 */
export const KIND_PRIORITY: Record<RequestKind, number> = { GP: 1, 'ToO-NOM': 2, 'ToO-MM': 3, 'ToO-EX': 4 };
export const PRIORITY_WEIGHT: Record<number, number> = { 1: 1, 2: 10, 3: 100, 4: 1000 };
/** The general program's priority: its requests are interchangeable, every second weighs the same. */
export const GP_PRIORITY = KIND_PRIORITY.GP;

export const INSTRUMENTS = ['ECLAIRs', 'GRM', 'MXT', 'VT'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

/** The instruments whose science stops in the SAA (README, Constraints). */
export const SAA_SENSITIVE: readonly Instrument[] = ['MXT', 'VT'];

/** What the planner needs of a request (the database row, in milliseconds). */
export interface PlanRequest {
  id: string;
  kind: RequestKind;
  raDeg: number;
  decDeg: number;
  exposureS: number;
  minSliceS: number;
  earliestMs: number;
  latestMs: number;
  /** Minimum time between the starts of two slices (monitoring), when set. */
  cadenceS: number | null;
  instruments: readonly Instrument[];
}

/** Observing constraints and the attitude model, as configured. */
export interface PlanConstraints {
  earthLimbMarginDeg: number;
  atmosphereKm: number;
  sunAvoidanceDeg: number;
  moonAvoidanceDeg: number;
  slewRateDegPerS: number;
  slewSettleS: number;
  galacticAvoidanceDeg: number;
  coreMinS: number;
}

/** A span the planner must leave alone (a burst's core-program follow-up), pointing at `raDeg/decDeg`. */
export interface BlockedSpan {
  startMs: number;
  endMs: number;
  raDeg: number;
  decDeg: number;
  label: string;
}

export type EntryKind = 'observation' | 'slew' | 'core' | 'burst';

/** One timeline entry. Time no entry covers is spent holding the previous pointing. */
export interface PlanEntry {
  kind: EntryKind;
  requestId: string | null;
  startMs: number;
  endMs: number;
  raDeg: number;
  decDeg: number;
}

export type UnplannedReason =
  | 'OUT_OF_SPAN'
  | 'NOT_VISIBLE'
  | 'WINDOWS_TOO_SHORT'
  | 'NOT_ENOUGH_VISIBILITY'
  | 'TIME_TAKEN';

export interface RequestOutcome {
  requestId: string;
  kind: RequestKind;
  exposureS: number;
  observedS: number;
  slices: number;
  status: 'planned' | 'partial' | 'unplanned';
  reason: UnplannedReason | null;
  detail: string | null;
}

export interface PlanStats {
  spanS: number;
  observedS: number;
  weightedObservedS: number;
  /** See upper-bound.ts: no plan can exceed it. */
  weightedUpperBoundS: number;
  /** The same bound with every weight 1: a bound on the observed time itself. */
  upperBoundS: number;
  slewS: number;
  coreS: number;
  burstS: number;
  slews: number;
  observations: number;
}

export interface PlanResult {
  entries: PlanEntry[];
  outcomes: RequestOutcome[];
  stats: PlanStats;
}
