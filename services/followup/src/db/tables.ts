import type { ColumnType, Generated } from 'kysely';
import type { DeadLetterTable } from '@svom/service-kit';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in (`default now()`). */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

/** The `followup` schema (migrations/2026-11-24T1200_followup.sql). */
export interface FollowupTables {
  'followup.facilities': {
    id: string;
    name: string;
    kind: string;
    site_name: string;
    latitude_deg: number;
    longitude_deg: number;
    altitude_m: number;
    min_altitude_deg: number;
    max_sun_altitude_deg: number;
    min_moon_distance_deg: number;
    field_of_view_deg: number;
    filters: string[];
    typical_response_s: number;
    contact: string;
    source: string;
    token_hash: string | null;
    active: Generated<boolean>;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
  };
  'followup.bursts': {
    burst_id: string;
    trigger_time: Timestamp | null;
    ra_deg: number | null;
    dec_deg: number | null;
    error_radius_deg: number | null;
    position_ivorn: string | null;
    retracted_at: Timestamp | null;
    first_notice_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
  };
  'followup.notices': {
    notice_key: string;
    ivorn: string;
    burst_id: string;
    notice_name: string;
    packet_type: number | null;
    instrument: string | null;
    trigger_time: Timestamp | null;
    ra_deg: number | null;
    dec_deg: number | null;
    error_radius_deg: number | null;
    improved_position: Generated<boolean>;
    stream_seq: number | null;
    payload: Json;
    received_at: DefaultTimestamp;
  };
  'followup.requests': {
    id: string;
    burst_id: string;
    facility_id: string;
    status: string;
    ra_deg: number;
    dec_deg: number;
    error_radius_deg: number | null;
    position_ivorn: string;
    window_start: Timestamp;
    window_end: Timestamp;
    altitude_deg: number;
    sun_altitude_deg: number;
    moon_distance_deg: number;
    version: Generated<number>;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
  };
  'followup.request_events': {
    id: Generated<number>;
    request_id: string;
    burst_id: string;
    kind: 'created' | 'updated' | 'transition';
    from_status: string | null;
    to_status: string;
    actor: string;
    reason: string | null;
    notice_key: string | null;
    version: number;
    at: DefaultTimestamp;
  };
  'followup.decisions': {
    id: Generated<number>;
    notice_key: string;
    burst_id: string;
    facility_id: string;
    outcome: string;
    reason: string | null;
    details: Json;
    at: DefaultTimestamp;
  };
  'followup.reports': {
    id: string;
    burst_id: string;
    request_id: string | null;
    facility_id: string;
    observations: Json;
    redshifts: Json;
    received_at: DefaultTimestamp;
  };
  'followup.candidates': {
    id: Generated<number>;
    report_id: string;
    burst_id: string;
    facility_id: string;
    ra_deg: number;
    dec_deg: number;
    error_radius_deg: number;
    magnitude: number;
    magnitude_error: number;
    filter: string | null;
    observed_at: Timestamp;
    separation_deg: number | null;
    region_radius_deg: number | null;
    region_ivorn: string | null;
    within_error_region: boolean;
  };
  'followup.outbox': {
    id: Generated<number>;
    subject: string;
    msg_id: string;
    payload: string;
    created_at: DefaultTimestamp;
  };
  /** The kit's one dead-letter shape (DurableConsumer). */
  'followup.dead_letters': DeadLetterTable;
}
