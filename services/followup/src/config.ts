import { Type } from 'typebox';
import { BaseConfig, loadConfig } from '@svom/service-kit';

/** The follow-up service's settings, read once from the environment. */
export const FollowupConfig = {
  ...BaseConfig,
  PORT: Type.Integer({ default: 8443, minimum: 0, maximum: 65535 }),
  CONSUMER_ACK_WAIT_S: Type.Integer({
    default: 60,
    minimum: 5,
    description: 'a notice not acknowledged this long is redelivered (planning every facility takes < 1 s)',
  }),
  CONSUMER_MAX_DELIVER: Type.Integer({
    default: 8,
    minimum: 1,
    description: 'deliveries of a notice before it becomes a dead letter',
  }),
  CONSUMER_BACKOFF_MS: Type.Integer({
    default: 2000,
    minimum: 0,
    description: 'redelivery delay after a transient failure; doubled at each delivery',
  }),
  WINDOW_SPAN_H: Type.Number({
    default: 24,
    exclusiveMinimum: 0,
    maximum: 72,
    description: 'how far ahead the next visibility window is searched',
  }),
  MAX_WINDOW_DELAY_MIN: Type.Integer({
    default: 60,
    minimum: 0,
    description: 'a window opening later than this gets no request yet, only a recorded reason',
  }),
  MAX_BURST_AGE_H: Type.Number({
    default: 24,
    exclusiveMinimum: 0,
    description: 'a burst triggered longer ago gets no new request (replayed or late notices)',
  }),
  OUTBOX_RETRY_MS: Type.Integer({
    default: 1000,
    minimum: 50,
    description: 'how often the outbox is drained while NATS is away',
  }),
};

export type FollowupConfig = ReturnType<typeof loadFollowupConfig>;

export function loadFollowupConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(FollowupConfig, env);
}
