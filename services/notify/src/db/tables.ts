import type { DeadLetterTable } from '@svom/service-kit';
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in (`default now()`). */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: read as the object, written as its JSON text. */
type Json<T = unknown> = ColumnType<T, string, string>;

/** The `notify` schema (migrations/2026-12-04T1345_notify.sql). */
export interface NotifyTables {
  'notify.subscriptions': {
    id: string;
    owner: string;
    owner_is_operator: Generated<boolean>;
    name: string;
    filter: Json;
    site: Json | null;
    channel_type: 'email' | 'webhook';
    channel: Json;
    webhook_secret: string | null;
    owner_email: string | null;
    status: 'pending-confirmation' | 'active' | 'paused';
    paused_reason: string | null;
    failing_since: Timestamp | null;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
  };
  'notify.deliveries': {
    id: Generated<number>;
    subscription_id: string;
    event_key: string;
    kind: DeliveryKind;
    burst_id: string | null;
    retraction: Generated<boolean>;
    stream_seq: number | null;
    content: Json;
    status: DeliveryStatus;
    collapsed_into: number | null;
    attempts: Generated<number>;
    due_at: DefaultTimestamp;
    leased_until: Timestamp | null;
    first_attempt_at: Timestamp | null;
    last_attempt_at: Timestamp | null;
    last_http_status: number | null;
    last_error: string | null;
    delivered_at: Timestamp | null;
    created_at: DefaultTimestamp;
  };
  'notify.alarms': {
    id: Generated<number>;
    key: string;
    kind: string;
    summary: string;
    details: Json;
    opened_at: DefaultTimestamp;
    closed_at: Timestamp | null;
    close_summary: string | null;
  };
  /** The kit's dead-letter shape. */
  'notify.dead_letters': DeadLetterTable;
}

export type DeliveryKind = 'notice' | 'test' | 'alarm' | 'confirmation' | 'paused';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'collapsed';
