import { Type } from 'typebox';
import { BaseConfig, loadConfig } from '@svom/service-kit';

/**
 * The scheduler's settings, read once from the environment. The constraint defaults are the ones
 * documented in README.md (Constraints); every one can be changed without a rebuild.
 */
export const SchedulerConfig = {
  ...BaseConfig,
  PORT: Type.Integer({ default: 8444, minimum: 0, maximum: 65535 }),
  EARTH_LIMB_MARGIN_DEG: Type.Number({
    default: 10,
    minimum: 0,
    maximum: 90,
    description: 'minimum angle of a target above the Earth limb (atmosphere included), seen from the satellite',
  }),
  ATMOSPHERE_KM: Type.Number({
    default: 100,
    minimum: 0,
    maximum: 1000,
    description: 'height added to the Earth radius for the limb',
  }),
  SUN_AVOIDANCE_DEG: Type.Number({ default: 45, minimum: 0, maximum: 180, description: 'minimum target-Sun angle' }),
  MOON_AVOIDANCE_DEG: Type.Number({
    default: 15,
    minimum: 0,
    maximum: 180,
    description: 'minimum target-Moon angle seen from the satellite',
  }),
  SLEW_RATE_DEG_PER_S: Type.Number({
    default: 0.5,
    exclusiveMinimum: 0,
    maximum: 10,
    description: 'mean slew rate of the eigen-axis rotation',
  }),
  SLEW_SETTLE_S: Type.Number({
    default: 60,
    minimum: 0,
    maximum: 3600,
    description: 'acceleration, braking and stabilisation added to every slew',
  }),
  GALACTIC_AVOIDANCE_DEG: Type.Number({
    default: 10,
    minimum: 0,
    maximum: 60,
    description: 'core-program pointing law: the anti-solar pointing is moved out of |b| below this',
  }),
  CORE_MIN_S: Type.Number({
    default: 600,
    minimum: 0,
    description: 'a gap is given back to the core-program pointing only when this long after both slews',
  }),
  CORE_SPAN_ORBITS: Type.Number({
    default: 14,
    minimum: 0,
    maximum: 100,
    description: 'orbits of core program (burst follow-up) removed from the plan by a slewing notice',
  }),
  PLAN_STEP_S: Type.Integer({
    default: 10,
    minimum: 1,
    maximum: 60,
    description: 'ephemeris and timeline resolution of plans and visibility windows',
  }),
  MAX_PLAN_DAYS: Type.Number({ default: 14, exclusiveMinimum: 0, maximum: 31 }),
  CONSUMER_NAME: Type.String({
    default: 'scheduler',
    pattern: '^[A-Za-z0-9_-]+$',
    description: 'durable JetStream consumer of svom.alerts.notice.>',
  }),
  CONSUMER_ACK_WAIT_S: Type.Integer({
    default: 60,
    minimum: 1,
    description: 'a notice not acknowledged this long is redelivered (a replan takes seconds)',
  }),
  CONSUMER_MAX_DELIVER: Type.Integer({
    default: 5,
    minimum: 1,
    description: 'deliveries of a failing notice before it becomes a dead letter',
  }),
  CONSUMER_BACKOFF_MS: Type.Integer({
    default: 2000,
    minimum: 0,
    description: 'redelivery delay after a transient failure; doubled at each delivery',
  }),
  OUTBOX_RETRY_MS: Type.Integer({
    default: 1000,
    minimum: 50,
    description: 'how often the outbox is drained while NATS is away',
  }),
};

export type SchedulerConfig = ReturnType<typeof loadSchedulerConfig>;

export function loadSchedulerConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(SchedulerConfig, env);
}
