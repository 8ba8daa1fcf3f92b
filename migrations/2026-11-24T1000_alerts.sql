-- Alerts (ICD-VHF section 7): bursts, the notices made of them (XML and JSON), what Burst
-- Advocates did, packets that could not make a notice, VOEvents received from VTP authors, and
-- the outbox that carries notices to JetStream exactly once.
create schema if not exists alerts;

create table alerts.bursts (
  burst_id text primary key,
  -- Burst_Id = sb + YYMMDD of the first T0 seen + rank that day: (burst_date, day_rank) is unique
  burst_date date not null,
  day_rank integer not null,
  t0 timestamptz not null,
  -- ECLAIRs alert sequence id: every later ECLAIRs, MXT and VT packet of the burst names it
  alert_sequence_id bigint unique,
  eclairs_t0 timestamptz,
  grm_t0 timestamptz,
  status text not null default 'active' check (status in ('active', 'confirmed', 'retracted')),
  instruments text[] not null default '{}',
  -- best position so far (smallest error radius)
  ra_deg double precision,
  dec_deg double precision,
  error_radius_deg double precision,
  position_instrument text,
  -- everything the packets told so far (alerts' BurstState), to build later notices
  state jsonb not null,
  light_curve jsonb,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (burst_date, day_rank)
);
create index bursts_t0_idx on alerts.bursts (t0 desc, burst_id desc);
create index bursts_eclairs_t0_idx on alerts.bursts (eclairs_t0);
create index bursts_grm_t0_idx on alerts.bursts (grm_t0);

create table alerts.notices (
  -- global issue order: `since`, SSE replay
  seq bigserial primary key,
  -- <Burst_Id>_<name>, with -<Pkt_Ser_Num> from the second notice of one name
  notice_id text not null unique,
  ivorn text not null,
  -- Nats-Msg-Id of the JSON form
  msg_id text not null unique,
  burst_id text not null references alerts.bursts (burst_id),
  name text not null,
  packet_type integer not null,
  serial_number integer not null,
  -- the packet that made it (none for a retraction)
  packet_key text,
  issued_at timestamptz not null,
  -- the SvomNotice it was written from: a retraction repeats it
  input jsonb not null,
  xml text not null,
  json jsonb not null,
  unique (burst_id, name, serial_number)
);
create index notices_burst_idx on alerts.notices (burst_id, seq);
create index notices_issued_idx on alerts.notices (issued_at, seq);

-- Every packet message handled, once: a redelivery finds its row and changes nothing.
create table alerts.packets (
  packet_key text primary key,
  source text not null,
  message text not null,
  alert_sequence_id bigint,
  -- applied to a burst, pending (its burst not known yet), or ignored (no notice in it)
  status text not null check (status in ('applied', 'pending', 'ignored')),
  burst_id text references alerts.bursts (burst_id),
  body jsonb not null,
  obt timestamptz not null,
  handled_at timestamptz not null default now()
);
create index packets_pending_idx on alerts.packets (alert_sequence_id, obt) where status = 'pending';

-- Timeline of a burst: what the FSC did and what Burst Advocates did (who, when, what).
create table alerts.timeline (
  id bigserial primary key,
  burst_id text not null references alerts.bursts (burst_id),
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  detail jsonb not null default '{}'
);
create index timeline_burst_idx on alerts.timeline (burst_id, id);

-- Packet messages that can never make a notice: acknowledged, kept with the reason.
create table alerts.dead_letters (
  id bigserial primary key,
  subject text not null,
  stream_seq bigint,
  msg_id text,
  deliveries integer not null,
  code text not null,
  reason text not null,
  payload text not null,
  created_at timestamptz not null default now()
);
create index dead_letters_created_idx on alerts.dead_letters (created_at desc);

-- VOEvents accepted from VTP authors, by digest (VTP section 7): a second copy is a duplicate.
create table alerts.vtp_events (
  digest text primary key,
  ivorn text not null,
  author_address text not null,
  xml text not null,
  received_at timestamptz not null default now()
);

-- Written in the same transaction as what it announces; deleted once JetStream acknowledged.
create table alerts.outbox (
  id bigserial primary key,
  subject text not null,
  msg_id text not null,
  headers jsonb not null default '{}',
  payload text not null,
  created_at timestamptz not null default now()
);
