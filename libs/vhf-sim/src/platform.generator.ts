/** The platform recurrent packet, every 60 s (ICD 4.1). */
import type { Quaternion } from '@svom/astro';
import type { Programme } from '@svom/vhf';
import { randomQuaternion } from './geometry.js';
import type { Rng } from './rng.js';
import type { SequenceCounters } from './sequence-counters.js';
import { framesOfPlan } from './simulated-frame.js';
import type { PlannedMessage, SimulatedFrame } from './simulated-frame.js';

/** What {@link generatePlatformRecurrent} takes. */
export interface PlatformRecurrentOptions {
  rng: Rng;
  counters: SequenceCounters;
  /** First packet's OBT, Unix ms. */
  fromUnixMs: number;
  /** No packet at or after this OBT, Unix ms. */
  toUnixMs: number;
  /** Period, default 60 000 ms. */
  periodMs?: number;
  /** Attitude to report (default: one random attitude for the whole span). */
  attitude?: Quaternion;
  programme?: Programme;
  observationId?: number;
}

const ORBIT_RADIUS_M = 7_003_137;
const ORBIT_PERIOD_S = 5_760;

/** Platform recurrent frames from `fromUnixMs` every period, the satellite moving on a circle. */
export function generatePlatformRecurrent(options: PlatformRecurrentOptions): SimulatedFrame[] {
  const { rng, fromUnixMs, toUnixMs } = options;
  const periodMs = options.periodMs ?? 60_000;
  const attitude = options.attitude ?? randomQuaternion(rng);
  const programme = options.programme ?? 'core';
  const observationId = options.observationId ?? rng.int(1, 100_000);
  const phase0 = rng.uniform(0, 2 * Math.PI);
  const inclination = (30 * Math.PI) / 180;
  const plan: PlannedMessage[] = [];
  for (let t = fromUnixMs; t < toUnixMs; t += periodMs) {
    const phase = phase0 + ((t - fromUnixMs) / 1000 / ORBIT_PERIOD_S) * 2 * Math.PI;
    const positionM: [number, number, number] = [
      Math.round(ORBIT_RADIUS_M * Math.cos(phase)),
      Math.round(ORBIT_RADIUS_M * Math.sin(phase) * Math.cos(inclination)),
      Math.round(ORBIT_RADIUS_M * Math.sin(phase) * Math.sin(inclination)),
    ];
    plan.push({
      obtUnixMs: t,
      input: {
        message: 'recurrent',
        fields: {
          attitudeTime: new Date(t),
          attitude,
          positionM,
          inSaa: rng.chance(0.1),
          slewing: false,
          eclairsOn: true,
          mxtOn: true,
          vtOn: true,
          grmOn: true,
          programme,
          observationId,
        },
      },
    });
  }
  return framesOfPlan(plan, options.counters);
}
