import type { OutboxMessage, OutboxRow } from '@svom/service-kit';

// The kit's OutboxPublisher reads, publishes and deletes these rows; the service only writes them.
export type { OutboxMessage, OutboxRow };

/** Rows of `alerts.outbox` for these messages (written with what they announce). */
export function outboxValues(messages: OutboxMessage[]) {
  return messages.map((m) => ({
    subject: m.subject,
    msg_id: m.msgId,
    headers: JSON.stringify(m.headers ?? {}),
    payload: m.payload,
  }));
}
