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
  | 'CONSUMER_ACK_WAIT_S'
  | 'CONSUMER_MAX_DELIVER'
  | 'CONSUMER_BACKOFF_MS'
  | 'CONSUMER_BACKOFF_MAX_MS'
  | 'OUTBOX_RETRY_MS'
>;
