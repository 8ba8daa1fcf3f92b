import { Type } from 'typebox';

/**
 * The settings of a service's durable JetStream consumer, spread into its config next to
 * `BaseConfig`. A service changes a default by naming the key again after the spread.
 */
export const ConsumerConfig = {
  CONSUMER_ACK_WAIT_S: Type.Integer({
    default: 30,
    minimum: 1,
    description: 'JetStream redelivers a message not acknowledged in this time',
  }),
  CONSUMER_MAX_DELIVER: Type.Integer({
    default: 10,
    minimum: 1,
    description: 'deliveries of a failing message before it becomes a dead letter',
  }),
  CONSUMER_BACKOFF_MS: Type.Integer({
    default: 500,
    minimum: 0,
    description: 'redelivery delay after a transient failure; doubled at each delivery',
  }),
  CONSUMER_BACKOFF_MAX_MS: Type.Integer({
    default: 30_000,
    minimum: 0,
    description: 'the longest redelivery delay',
  }),
};

/** What a kit consumer reads of the configuration. */
export interface ConsumerSettings {
  CONSUMER_ACK_WAIT_S: number;
  CONSUMER_MAX_DELIVER: number;
  CONSUMER_BACKOFF_MS: number;
  CONSUMER_BACKOFF_MAX_MS: number;
}

/** The one backoff policy: `CONSUMER_BACKOFF_MS` doubling at each delivery, at most `CONSUMER_BACKOFF_MAX_MS`. */
export function redeliveryDelayMs(settings: ConsumerSettings, deliveryCount: number): number {
  const doublings = Math.min(30, Math.max(0, deliveryCount - 1));
  return Math.min(settings.CONSUMER_BACKOFF_MAX_MS, settings.CONSUMER_BACKOFF_MS * 2 ** doublings);
}
