import { angularSeparationDeg, type Quaternion, type Vec3 } from '@svom/astro';
import {
  mxtQualityOfR90,
  type EclairsNotice,
  type GrmTriggerNotice,
  type MxtNotice,
  type SlewStatus,
  type SvomCitation,
  type SvomMeasuredBase,
  type SvomNotice,
  type SvomNoticeName,
  type VtNotice,
} from '@svom/voevent';
import type { EclairsAlertFields } from '@svom/contracts';
import type { BurstState, NoticeKind } from './burst-state.js';
import { eclairsPosition, mxtPosition, pointingOf, satelliteLocation, skyContext } from './derived.js';
import { onboardSourceName } from './onboard-catalog.js';

/** What every notice of a burst needs besides the burst's state. */
export interface NoticeContext {
  burstId: string;
  /** When the FSC issues it (ISO). */
  dateIssued: string;
  /** Pkt_Ser_Num for this name, given by the caller from what is stored. */
  serialNumberOf(name: SvomNoticeName): number;
  /** Every earlier notice of the burst, oldest first. */
  citations: SvomCitation[];
}

/** The notice name a kind takes now (MXT names carry the quality of their R90). */
export function noticeName(kind: NoticeKind, state: BurstState): SvomNoticeName {
  if (kind !== 'mxt') return kind;
  const mxt = state.mxt!;
  return `${mxt.messageCount === 0 ? 'mxt-initial' : 'mxt-update'}_qf${mxtQualityOfR90(mxt.r90Arcsec)}`;
}

/**
 * Writes the notice a packet makes from the burst's state after that packet: measurements of
 * the instrument that made it, the best ECLAIRs position (refined alerts improve later
 * notices), and the derived values of section 7.
 */
export function buildNotice(kind: NoticeKind, state: BurstState, context: NoticeContext): SvomNotice {
  const name = noticeName(kind, state);
  const base = {
    burstId: context.burstId,
    serialNumber: context.serialNumberOf(name),
    dateIssued: context.dateIssued,
    citations: context.citations,
  };
  switch (kind) {
    case 'grm-trigger': {
      const grm = state.grm!;
      // GRM gives no sky position: a joint burst carries ECLAIRs', a GRM-only one none.
      const position = state.eclairs ? eclairsPosition(state.eclairs.best) : undefined;
      const measured = {
        ...platformMeasured(grm.attitude, grm.positionM, grm.triggerTime),
        ...(position ? { position, sky: skyContext(position.raDeg, position.decDeg, grm.triggerTime) } : {}),
      };
      const notice: GrmTriggerNotice = {
        ...base,
        ...measured,
        name: 'grm-trigger',
        packetType: 201,
        snr: grm.snr,
        timescaleS: grm.timescaleS,
        energyBandKev: [grm.energyKeV[0], grm.energyKeV[1]],
        triggeredGrds: [grm.triggeredGrds[0]!, grm.triggeredGrds[1]!, grm.triggeredGrds[2]!],
      };
      return notice;
    }
    case 'eclairs-wakeup':
    case 'eclairs-catalog':
    case 'slewing':
    case 'not-slewing': {
      const alert = state.eclairs!.best;
      const packetType = ({ 'eclairs-wakeup': 202, 'eclairs-catalog': 203, slewing: 204, 'not-slewing': 205 } as const)[
        kind
      ];
      const notice: EclairsNotice = {
        ...base,
        ...eclairsMeasured(alert, alert.triggerTime),
        name: kind,
        packetType,
        snr: alert.snr,
        timescaleS: alert.timescaleS,
        energyBandKev: [alert.energyKeV[0], alert.energyKeV[1]],
        triggerType: alert.triggerType === 'image' ? 'IMT' : 'CRT',
        slewStatus: slewStatusOf(state),
        ...(alert.catalogId !== 0
          ? { catalog: { id: alert.catalogId, sourceName: onboardSourceName(alert.catalogId) } }
          : {}),
      };
      return notice;
    }
    case 'mxt': {
      const mxt = state.mxt!;
      const alert = state.eclairs!.best;
      const eclairs = eclairsPosition(alert);
      const position = mxtPosition(mxt);
      const eclairsAngleArcmin =
        angularSeparationDeg(position.raDeg, position.decDeg, eclairs.raDeg, eclairs.decDeg) * 60;
      const notice: MxtNotice = {
        ...base,
        ...platformMeasured(alert.attitude, alert.positionM, alert.triggerTime),
        position,
        sky: skyContext(position.raDeg, position.decDeg, alert.triggerTime),
        name: name as MxtNotice['name'],
        packetType: mxt.messageCount === 0 ? 209 : 210,
        snr: mxt.snr,
        meanFlux: mxt.meanFlux,
        fluxError: mxt.fluxError,
        withinEclairsR90: eclairsAngleArcmin <= alert.r90Arcmin,
        eclairsAngleArcmin,
        useVtAttitude: mxt.usedVtAttitude,
      };
      return notice;
    }
    case 'vt': {
      const vt = state.vt!;
      const alert = state.eclairs!.best;
      const first = vt.candidates[0];
      const position = first
        ? { raDeg: first.raDeg, decDeg: first.decDeg, errorRadiusDeg: first.errorArcsec / 3600 }
        : state.mxt
          ? mxtPosition(state.mxt)
          : eclairsPosition(alert);
      const notice: VtNotice = {
        ...base,
        ...platformMeasured(alert.attitude, alert.positionM, alert.triggerTime),
        position,
        sky: skyContext(position.raDeg, position.decDeg, alert.triggerTime),
        name: 'vt',
        packetType: 211,
        candidates: vt.candidates.map((c) => ({
          raDeg: c.raDeg,
          decDeg: c.decDeg,
          errorRadiusArcsec: c.errorArcsec,
          magnitude: c.rMag,
          band: 'VT_R' as const,
        })),
      };
      return notice;
    }
  }
}

function slewStatusOf(state: BurstState): SlewStatus {
  if (state.slew) return state.slew.status;
  return state.eclairs!.best.slewRequested ? 'requested' : 'not-requested';
}

/** T0, pointing and satellite position of an attitude and orbit position. */
function platformMeasured(
  attitude: Quaternion,
  positionM: Vec3,
  t0: string,
): Pick<SvomMeasuredBase, 't0' | 'pointing' | 'satellite'> {
  return { t0, pointing: pointingOf(attitude), satellite: satelliteLocation(positionM, t0) };
}

/** Everything an ECLAIRs alert gives a notice issued at `t0`. */
function eclairsMeasured(
  alert: EclairsAlertFields,
  t0: string,
): Omit<SvomMeasuredBase, keyof import('@svom/voevent').SvomNoticeBase> {
  const position = eclairsPosition(alert);
  return {
    ...platformMeasured(alert.attitude, alert.positionM, t0),
    position,
    sky: skyContext(position.raDeg, position.decDeg, t0),
  };
}
