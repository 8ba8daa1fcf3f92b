import type { SchedulerConfig } from '../config.js';
import type { ConstraintSettings } from './constraints.js';

/** What the app needs of the configuration (tests pass their own). */
export type SchedulerSettings = ConstraintSettings &
  Pick<
    SchedulerConfig,
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
