import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in (`default now()`). */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** The `vhf` schema (migrations/2026-11-24T0900_vhf.sql). */
export interface VhfTables {
  'vhf.stations': {
    id: string;
    name: string;
    latitude_deg: number;
    longitude_deg: number;
    token_hash: string;
    created_at: DefaultTimestamp;
    last_heard_at: Timestamp | null;
    silent_since: Timestamp | null;
  };
  'vhf.packets': {
    packet_key: string;
    apid: number;
    message_type: number;
    source: string;
    message: string;
    sequence_flags: string;
    sequence_count: number;
    obt: Timestamp;
    frame: Uint8Array;
    fields: ColumnType<unknown, string | null, string | null>;
    first_station_id: string;
    first_received_at: Timestamp;
    arrived_at: DefaultTimestamp;
  };
  'vhf.receptions': {
    id: Generated<number>;
    station_id: string;
    received_at: Timestamp | null;
    arrived_at: DefaultTimestamp;
    rssi_dbm: number | null;
    frame: Uint8Array;
    status: 'accepted' | 'duplicate' | 'rejected';
    packet_key: string | null;
    conflict: Generated<boolean>;
    error_code: string | null;
    error_detail: string | null;
    latency_ms: number | null;
  };
  'vhf.messages': {
    message_key: string;
    apid: number;
    message_type: number;
    source: string;
    message: string;
    first_count: number;
    last_count: number | null;
    first_obt: Timestamp;
    first_arrived_at: DefaultTimestamp;
    status: 'partial' | 'complete' | 'incomplete';
    missing_counts: number[] | null;
    fields: ColumnType<unknown, string | null, string | null>;
    completed_at: Timestamp | null;
  };
  'vhf.outbox': {
    id: Generated<number>;
    subject: string;
    msg_id: string;
    payload: string;
    created_at: DefaultTimestamp;
  };
}
