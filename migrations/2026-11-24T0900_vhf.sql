-- VHF ingest (ICD-VHF v1): stations, every reception, unique packets, multi-frame messages,
-- and the outbox that carries packets to JetStream when NATS is away.
create schema if not exists vhf;

create table vhf.stations (
  id text primary key,
  name text not null,
  latitude_deg double precision not null,
  longitude_deg double precision not null,
  -- sha256 of the bearer token; the token itself is shown once and never stored
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_heard_at timestamptz,
  silent_since timestamptz
);

create table vhf.packets (
  packet_key text primary key,
  apid integer not null,
  message_type integer not null,
  source text not null,
  message text not null,
  sequence_flags text not null,
  sequence_count integer not null,
  obt timestamptz not null,
  frame bytea not null,
  fields jsonb,
  first_station_id text not null,
  first_received_at timestamptz not null,
  arrived_at timestamptz not null default now()
);
create index packets_obt_idx on vhf.packets (obt desc, packet_key desc);
create index packets_apid_obt_idx on vhf.packets (apid, obt desc);
create index packets_multiframe_idx on vhf.packets (apid, message_type, sequence_count) where sequence_flags <> 'standalone';

create table vhf.receptions (
  id bigserial primary key,
  station_id text not null,
  received_at timestamptz,
  arrived_at timestamptz not null default now(),
  rssi_dbm double precision,
  frame bytea not null,
  status text not null check (status in ('accepted', 'duplicate', 'rejected')),
  packet_key text,
  -- same key, different bytes, both with a good CRC (ICD-VHF 5): kept and flagged
  conflict boolean not null default false,
  error_code text,
  error_detail text,
  latency_ms double precision
);
create index receptions_station_time_idx on vhf.receptions (station_id, arrived_at);
create index receptions_packet_idx on vhf.receptions (packet_key);
create index receptions_rejected_idx on vhf.receptions (arrived_at desc) where status = 'rejected';

create table vhf.messages (
  message_key text primary key,
  apid integer not null,
  message_type integer not null,
  source text not null,
  message text not null,
  first_count integer not null,
  last_count integer,
  first_obt timestamptz not null,
  first_arrived_at timestamptz not null default now(),
  status text not null check (status in ('partial', 'complete', 'incomplete')),
  missing_counts integer[],
  fields jsonb,
  completed_at timestamptz
);
create index messages_partial_idx on vhf.messages (first_arrived_at) where status = 'partial';

create table vhf.outbox (
  id bigserial primary key,
  subject text not null,
  msg_id text not null,
  payload text not null,
  created_at timestamptz not null default now()
);
