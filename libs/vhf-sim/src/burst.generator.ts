/**
 * A burst as the satellite tells it over VHF: ECLAIRs first alert, an optional GRM trigger
 * within a few seconds, refined alerts, the slew status, the light curve (several frames),
 * MXT initial position and updates minutes later, VT candidates. Values are consistent: the
 * ECLAIRs (θ, φ) come from the sky position through the attitude quaternion.
 */
import { bodyVector, instrumentDirection, unitVector, vectorToRaDec, type Quaternion, type Vec3 } from '@svom/astro';
import type { EclairsTriggerType, SlewReason, SlewStatus, VtCandidate } from '@svom/vhf';
import { alignThenRoll, offsetDirection } from './geometry.js';
import type { Rng } from './rng.js';
import type { SequenceCounters } from './sequence-counters.js';
import { framesOfPlan } from './simulated-frame.js';
import type { PlannedMessage, SimulatedFrame } from './simulated-frame.js';

/** What {@link generateBurst} takes. */
export interface BurstOptions {
  rng: Rng;
  counters: SequenceCounters;
  /** Trigger time T0, Unix ms. */
  t0UnixMs: number;
  /** True sky position (default: uniform on the sky). */
  raDeg?: number;
  decDeg?: number;
  /** Chance that GRM triggers too (default 0.6). */
  grmProbability?: number;
  /** Chance that a requested slew is accepted (default 0.85). */
  slewAcceptProbability?: number;
}

/** The simulated burst: its truth, and its frames in OBT order. */
export interface SimulatedBurst {
  alertSequenceId: number;
  t0: string;
  /** True position of the burst. */
  raDeg: number;
  decDeg: number;
  /** Attitude at T0 (ECLAIRs and GRM quaternion). */
  attitude: Quaternion;
  positionM: [number, number, number];
  grmTriggered: boolean;
  slewStatus: SlewStatus;
  frames: SimulatedFrame[];
}

/** ECLAIRs half-width of the field of view used to place bursts, degrees off-axis. */
const ECLAIRS_MAX_THETA_DEG = 55;
const EARTH_RADIUS_M = 6_378_137;
const ORBIT_ALTITUDE_M = 625_000;
const TIMESCALES_S = [0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96];

/** Simulates one burst. Deterministic for a given `rng` state and `counters`. */
export function generateBurst(options: BurstOptions): SimulatedBurst {
  const { rng, t0UnixMs } = options;
  const truth = unitVector(
    options.raDeg ?? rng.uniform(0, 360),
    options.decDeg ?? (Math.asin(rng.uniform(-1, 1)) * 180) / Math.PI,
  );
  const { raDeg, decDeg } = vectorToRaDec(truth);
  const attitude = attitudeSeeing(rng, truth);
  const positionM = orbitPosition(rng);
  const alertSequenceId = rng.int(1, 0xffffffff);
  const slewRequested = rng.chance(0.9);
  const triggerType: EclairsTriggerType = rng.chance(0.7) ? 'image' : 'count-rate';
  const timescaleS = rng.pick(TIMESCALES_S);
  const catalogId = rng.chance(0.1) ? rng.int(1, 120) : 0;
  const plan: PlannedMessage[] = [];

  // ECLAIRs alerts: the first, then refined ones with a smaller error and a higher SNR.
  const refined = rng.int(1, 3);
  let eclairsObtMs = t0UnixMs + rng.int(1500, 2500);
  let r90Arcmin = rng.uniform(6, 12);
  let snr = rng.uniform(6.5, 12);
  for (let messageCount = 0; messageCount <= refined; messageCount++) {
    const measured = offsetDirection(rng, truth, (r90Arcmin / 60) * rng.uniform(0, 0.7));
    const seen = vectorToRaDec(measured);
    const { thetaDeg, phiDeg } = instrumentDirection(seen.raDeg, seen.decDeg, attitude);
    plan.push({
      obtUnixMs: eclairsObtMs,
      input: {
        message: 'alert',
        fields: {
          alertSequenceId,
          messageCount,
          triggerTime: new Date(t0UnixMs),
          thetaDeg,
          phiDeg,
          r90Arcmin: round(r90Arcmin, 2),
          snr: round(snr, 2),
          timescaleS,
          energyKeV: [4, 120],
          triggerType,
          slewRequested,
          catalogId,
          attitude,
          positionM,
        },
      },
    });
    eclairsObtMs += rng.int(6000, 15000);
    r90Arcmin *= rng.uniform(0.5, 0.8);
    snr *= rng.uniform(1.1, 1.5);
  }

  // The slew decision comes a few seconds after the first alert.
  const slewStatus: SlewStatus = !slewRequested
    ? 'not-requested'
    : rng.chance(options.slewAcceptProbability ?? 0.85)
      ? 'accepted'
      : 'rejected';
  const reason: SlewReason =
    slewStatus === 'rejected' ? rng.pick(['earth', 'sun', 'saa', 'higher-priority', 'other']) : 'none';
  const slewObtMs = t0UnixMs + rng.int(4000, 8000);
  plan.push({
    obtUnixMs: slewObtMs,
    input: {
      message: 'slew-status',
      fields: { alertSequenceId, status: slewStatus, reason, time: new Date(slewObtMs - 1000) },
    },
  });

  // The light curve comes after every other ECLAIRs message, so its counts are consecutive.
  const lastEclairsMs = Math.max(eclairsObtMs, slewObtMs);
  plan.push({
    obtUnixMs: lastEclairsMs + rng.int(3000, 8000),
    input: lightCurve(rng, alertSequenceId, t0UnixMs, timescaleS),
  });

  const grmTriggered = rng.chance(options.grmProbability ?? 0.6);
  if (grmTriggered) {
    const grmT0 = t0UnixMs + rng.int(-3000, 3000);
    plan.push({
      obtUnixMs: grmT0 + rng.int(800, 1500),
      input: {
        message: 'trigger',
        fields: {
          grmTriggerId: rng.int(1, 65535),
          triggerTime: new Date(grmT0),
          snr: round(rng.uniform(6, 20), 2),
          timescaleS: rng.pick([0.05, 0.1, 0.5, 1, 2, 4]),
          triggeredGrds: [true, rng.chance(0.7), rng.chance(0.5)],
          energyKeV: [15, 5000],
          attitude,
          positionM,
        },
      },
    });
  }

  if (slewStatus === 'accepted') plan.push(...afterSlew(rng, alertSequenceId, t0UnixMs, truth));

  const frames = framesOfPlan(plan, options.counters);
  return {
    alertSequenceId,
    t0: new Date(t0UnixMs).toISOString(),
    raDeg,
    decDeg,
    attitude,
    positionM,
    grmTriggered,
    slewStatus,
    frames,
  };
}

/** An attitude that puts `target` inside the ECLAIRs field at a random (θ, φ) and roll. */
function attitudeSeeing(rng: Rng, target: Vec3): Quaternion {
  const thetaDeg = (Math.acos(rng.uniform(Math.cos((ECLAIRS_MAX_THETA_DEG * Math.PI) / 180), 1)) * 180) / Math.PI;
  const body = bodyVector(thetaDeg, rng.uniform(0, 360));
  // Align the body direction with the target, then turn about the target by a random roll.
  return alignThenRoll(body, target, rng.uniform(0, 2 * Math.PI));
}

function orbitPosition(rng: Rng): [number, number, number] {
  const dir = unitVector(rng.uniform(0, 360), rng.uniform(-30, 30));
  const r = EARTH_RADIUS_M + ORBIT_ALTITUDE_M + rng.uniform(-10_000, 10_000);
  return [Math.round(dir[0] * r), Math.round(dir[1] * r), Math.round(dir[2] * r)];
}

function lightCurve(rng: Rng, alertSequenceId: number, t0UnixMs: number, timescaleS: number): PlannedMessage['input'] {
  const binMs = 250;
  const bins = 150;
  const startMs = t0UnixMs - 20_000;
  const counts: number[][] = [];
  for (let bin = 0; bin < bins; bin++) {
    const t = (startMs + bin * binMs - t0UnixMs) / 1000;
    const pulse = t < 0 ? 0 : 40 * Math.exp(-t / Math.max(1, timescaleS));
    counts.push([poissonish(rng, 12 + pulse), poissonish(rng, 4 + pulse / 3)]);
  }
  return { message: 'light-curve', fields: { alertSequenceId, start: new Date(startMs), binMs, counts } };
}

/** MXT positions and VT candidates, minutes after an accepted slew. */
function afterSlew(rng: Rng, alertSequenceId: number, t0UnixMs: number, truth: Vec3): PlannedMessage[] {
  const plan: PlannedMessage[] = [];
  let mxtMs = t0UnixMs + rng.int(150_000, 240_000);
  let r90Arcsec = rng.uniform(30, 150);
  const updates = rng.int(0, 2);
  for (let messageCount = 0; messageCount <= updates; messageCount++) {
    const measured = vectorToRaDec(offsetDirection(rng, truth, (r90Arcsec / 3600) * rng.uniform(0, 0.7)));
    const meanFlux = rng.uniform(1e-11, 1e-9);
    plan.push({
      obtUnixMs: mxtMs,
      input: {
        message: 'position',
        fields: {
          alertSequenceId,
          messageCount,
          time: new Date(mxtMs - 1000),
          raDeg: measured.raDeg,
          decDeg: measured.decDeg,
          r90Arcsec: round(r90Arcsec, 1),
          snr: round(rng.uniform(8, 60), 2),
          meanFlux,
          fluxError: meanFlux * rng.uniform(0.1, 0.3),
          usedVtAttitude: messageCount > 0 && rng.chance(0.5),
        },
      },
    });
    mxtMs += rng.int(120_000, 300_000);
    r90Arcsec *= rng.uniform(0.4, 0.8);
  }
  const vtMs = t0UnixMs + rng.int(300_000, 480_000);
  const candidates: VtCandidate[] = [];
  const count = rng.int(0, 4);
  for (let i = 0; i < count; i++) {
    // The first candidate is the afterglow; the others are field stars within the MXT error.
    const where = vectorToRaDec(
      i === 0
        ? offsetDirection(rng, truth, rng.uniform(0, 1) / 3600)
        : offsetDirection(rng, truth, rng.uniform(5, 60) / 3600),
    );
    const rMag = round(rng.uniform(17, 22), 2);
    candidates.push({
      raDeg: where.raDeg,
      decDeg: where.decDeg,
      rMag,
      bMag: rng.chance(0.3) ? null : round(rMag + rng.uniform(0.3, 1.2), 2),
      errorArcsec: round(rng.uniform(0.3, 1.5), 2),
    });
  }
  plan.push({
    obtUnixMs: vtMs,
    input: { message: 'candidates', fields: { alertSequenceId, time: new Date(vtMs - 1000), candidates } },
  });
  return plan;
}

function poissonish(rng: Rng, mean: number): number {
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
