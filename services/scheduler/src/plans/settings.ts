import type { SchedulerConfig } from '../config.js';

/** What the app needs of the configuration (tests pass their own). */
export type SchedulerSettings = Pick<
  SchedulerConfig,
  | 'EARTH_LIMB_MARGIN_DEG'
  | 'ATMOSPHERE_KM'
  | 'SUN_AVOIDANCE_DEG'
  | 'MOON_AVOIDANCE_DEG'
  | 'SLEW_RATE_DEG_PER_S'
  | 'SLEW_SETTLE_S'
  | 'GALACTIC_AVOIDANCE_DEG'
  | 'CORE_MIN_S'
  | 'CORE_SPAN_ORBITS'
  | 'PLAN_STEP_S'
  | 'MAX_PLAN_DAYS'
  | 'CONSUMER_NAME'
  | 'OUTBOX_RETRY_MS'
>;

export const DEFAULT_SETTINGS: SchedulerSettings = {
  EARTH_LIMB_MARGIN_DEG: 10,
  ATMOSPHERE_KM: 100,
  SUN_AVOIDANCE_DEG: 45,
  MOON_AVOIDANCE_DEG: 15,
  SLEW_RATE_DEG_PER_S: 0.5,
  SLEW_SETTLE_S: 60,
  GALACTIC_AVOIDANCE_DEG: 10,
  CORE_MIN_S: 600,
  CORE_SPAN_ORBITS: 14,
  PLAN_STEP_S: 10,
  MAX_PLAN_DAYS: 14,
  CONSUMER_NAME: 'scheduler',
  OUTBOX_RETRY_MS: 1000,
};
