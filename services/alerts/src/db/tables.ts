import type { ColumnType, Generated } from 'kysely';
import type { DeadLetterTable } from '@svom/service-kit';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in (`default now()`). */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: objects in, parsed objects out (written as JSON text). */
type Json<T = unknown> = ColumnType<T, string, string>;
/** bigint: `pg` answers strings. */
type Int8 = ColumnType<string, number | string, number | string>;

/** The `alerts` schema (migrations/2026-11-24T1000_alerts.sql). */
export interface AlertsTables {
  'alerts.bursts': {
    burst_id: string;
    burst_date: ColumnType<Date | string, string, string>;
    day_rank: number;
    t0: Timestamp;
    alert_sequence_id: Int8 | null;
    eclairs_t0: Timestamp | null;
    grm_t0: Timestamp | null;
    status: ColumnType<
      'active' | 'confirmed' | 'retracted',
      'active' | 'confirmed' | 'retracted' | undefined,
      'active' | 'confirmed' | 'retracted'
    >;
    instruments: ColumnType<string[], string[], string[]>;
    ra_deg: number | null;
    dec_deg: number | null;
    error_radius_deg: number | null;
    position_instrument: string | null;
    state: Json;
    light_curve: Json | null;
    version: ColumnType<number, number | undefined, number>;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
  };
  'alerts.notices': {
    seq: Generated<string>;
    notice_id: string;
    ivorn: string;
    msg_id: string;
    burst_id: string;
    name: string;
    packet_type: number;
    serial_number: number;
    packet_key: string | null;
    issued_at: Timestamp;
    input: Json;
    xml: string;
    json: Json;
  };
  'alerts.packets': {
    packet_key: string;
    source: string;
    message: string;
    alert_sequence_id: Int8 | null;
    status: 'applied' | 'pending' | 'ignored';
    burst_id: string | null;
    body: Json;
    obt: Timestamp;
    handled_at: DefaultTimestamp;
  };
  'alerts.timeline': {
    id: Generated<string>;
    burst_id: string;
    at: DefaultTimestamp;
    actor: string;
    action: string;
    detail: Json;
  };
  /** The kit's one dead-letter shape (DurableConsumer). */
  'alerts.dead_letters': DeadLetterTable;
  'alerts.vtp_events': {
    digest: string;
    ivorn: string;
    author_address: string;
    xml: string;
    received_at: DefaultTimestamp;
  };
  'alerts.outbox': {
    id: Generated<string>;
    subject: string;
    msg_id: string;
    headers: Json<Record<string, string>>;
    payload: string;
    created_at: DefaultTimestamp;
  };
}
