import type {
  EclairsAlertFields,
  GrmTriggerFields,
  LightCurveFields,
  MxtPositionFields,
  SlewStatusFields,
  VtCandidatesFields,
} from '@svom/contracts';
import type { PacketInput } from './packet-input.js';
import { eclairsPosition, mxtPosition } from './derived.js';

/** Everything the packets told about one burst so far (`alerts.bursts.state`). */
export interface BurstState {
  /** The most refined ECLAIRs alert (highest message count) and whether the first one came. */
  eclairs?: { best: EclairsAlertFields; firstSeen: boolean };
  grm?: GrmTriggerFields;
  slew?: SlewStatusFields;
  /** The latest MXT position (highest message count). */
  mxt?: MxtPositionFields;
  vt?: VtCandidatesFields;
}

/** What kind of notice a packet makes, before names get their MXT quality. */
export type NoticeKind =
  | 'grm-trigger'
  | 'eclairs-wakeup'
  | 'eclairs-catalog'
  | 'slewing'
  | 'not-slewing'
  | 'mxt'
  | 'vt';

export interface Applied {
  state: BurstState;
  /** The notice this packet makes (ICD-VHF section 7), if any. */
  notice: NoticeKind | undefined;
  lightCurve?: LightCurveFields;
}

/**
 * Folds one packet into a burst's state: pure, so the same packets give the same state in any
 * order (the most refined alert and MXT position win by message count, not by arrival).
 */
export function applyPacket(state: BurstState, input: PacketInput): Applied {
  switch (input.kind) {
    case 'eclairs-alert': {
      const alert = input.fields;
      const best = !state.eclairs || alert.messageCount >= state.eclairs.best.messageCount ? alert : state.eclairs.best;
      const next = {
        ...state,
        eclairs: { best, firstSeen: (state.eclairs?.firstSeen ?? false) || alert.messageCount === 0 },
      };
      const notice =
        alert.catalogId !== 0 ? 'eclairs-catalog' : alert.messageCount === 0 ? 'eclairs-wakeup' : undefined;
      return { state: next, notice };
    }
    case 'grm-trigger':
      return { state: { ...state, grm: input.fields }, notice: 'grm-trigger' };
    case 'slew-status':
      return {
        state: { ...state, slew: input.fields },
        notice: input.fields.status === 'accepted' ? 'slewing' : 'not-slewing',
      };
    case 'mxt-position': {
      const mxt = !state.mxt || input.fields.messageCount >= state.mxt.messageCount ? input.fields : state.mxt;
      return { state: { ...state, mxt }, notice: 'mxt' };
    }
    case 'vt-candidates':
      return { state: { ...state, vt: input.fields }, notice: 'vt' };
    case 'light-curve':
      return { state, notice: undefined, lightCurve: input.fields };
  }
}

export interface BestPosition {
  raDeg: number;
  decDeg: number;
  errorRadiusDeg: number;
  instrument: 'ECLAIRs' | 'MXT';
}

/** The burst's best position: the smallest error radius among ECLAIRs and MXT. */
export function bestPosition(state: BurstState): BestPosition | undefined {
  const candidates: BestPosition[] = [];
  if (state.eclairs) candidates.push({ ...eclairsPosition(state.eclairs.best), instrument: 'ECLAIRs' });
  if (state.mxt) candidates.push({ ...mxtPosition(state.mxt), instrument: 'MXT' });
  return candidates.sort((a, b) => a.errorRadiusDeg - b.errorRadiusDeg)[0];
}

/** Instruments that reported, in a fixed order. */
export function instrumentsOf(state: BurstState): string[] {
  return [state.grm && 'GRM', state.eclairs && 'ECLAIRs', state.mxt && 'MXT', state.vt && 'VT'].filter(
    (x): x is string => Boolean(x),
  );
}

/** The ECLAIRs trigger time, else GRM's. */
export function t0Of(state: BurstState): string | undefined {
  return state.eclairs?.best.triggerTime ?? state.grm?.triggerTime;
}
