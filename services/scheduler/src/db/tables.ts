import type { ColumnType, Generated } from 'kysely';
import type { DeadLetterTable } from '@svom/service-kit';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** The `gp` schema (migrations/2026-11-24T1100_gp.sql, 2026-11-24T1500_gp-outbox.sql). */
export interface GpTables {
  'gp.tle': {
    id: Generated<number>;
    name: string;
    line1: string;
    line2: string;
    epoch: Timestamp;
    uploaded_by: string;
    uploaded_at: DefaultTimestamp;
  };
  'gp.requests': {
    id: string;
    kind: string;
    priority: number;
    title: string;
    ra_deg: number;
    dec_deg: number;
    exposure_s: number;
    min_slice_s: number;
    earliest_at: Timestamp;
    latest_at: Timestamp;
    cadence_s: number | null;
    instruments: string[];
    status: Generated<string>;
    submitted_by: string;
    submitted_at: DefaultTimestamp;
    decided_by: string | null;
    decided_at: Timestamp | null;
  };
  'gp.plans': {
    id: string;
    span_start: Timestamp;
    span_end: Timestamp;
    status: 'active' | 'superseded' | 'interrupted';
    created_at: DefaultTimestamp;
    created_by: string;
    supersedes: string | null;
    tle_name: string;
    constraints: Json<unknown>;
    stats: Json<unknown>;
    unplanned: Json<unknown>;
    compute_ms: number;
  };
  'gp.plan_entries': {
    plan_id: string;
    seq: number;
    kind: string;
    request_id: string | null;
    start_at: Timestamp;
    end_at: Timestamp;
    ra_deg: number;
    dec_deg: number;
  };
  'gp.interruptions': {
    burst_id: string;
    trigger_time: Timestamp;
    ra_deg: number;
    dec_deg: number;
    removed_from: Timestamp;
    removed_to: Timestamp;
    interrupted_plan_id: string | null;
    new_plan_id: string | null;
    received_at: DefaultTimestamp;
  };
  /** Messages committed with what they announce, deleted on their JetStream ack (2026-11-24T1500_gp-outbox.sql). */
  'gp.outbox': {
    id: Generated<number>;
    subject: string;
    msg_id: string;
    payload: string;
    created_at: DefaultTimestamp;
  };
  /** The kit's one dead-letter shape (DurableConsumer). */
  'gp.dead_letters': DeadLetterTable;
}
