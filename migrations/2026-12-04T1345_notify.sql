-- Notify (issue 12): people's subscriptions to notices (email, webhooks), every delivery with its
-- outcome, operator alarms, and the dead letters of notify's consumers.
-- Runs on PostgreSQL 15 and PGlite (PostgreSQL 18): no extensions, no gen_random_uuid().
create schema if not exists notify;

create table notify.subscriptions (
  id text primary key,
  -- the JWT subject of the person who made it; only they (and operators) see it
  owner text not null,
  -- the owner held the operator role when making it: it may receive operator alarms
  owner_is_operator boolean not null default false,
  name text not null,
  -- NoticeFilter of @svom/voevent plus includeTest, includeRetractions, observableWithinHours, alarms
  filter jsonb not null,
  -- {latitudeDeg, longitudeDeg, altitudeM, horizonDeg, maxSunAltitudeDeg, minMoonDistanceDeg} or null
  site jsonb,
  channel_type text not null check (channel_type in ('email', 'webhook')),
  -- email: {address}; webhook: {url, format}
  channel jsonb not null,
  -- HMAC-SHA256 key of a webhook's X-SVOM-Signature (null for email)
  webhook_secret text,
  -- where the owner is told that the subscription was paused (an email channel: its address)
  owner_email text,
  status text not null check (status in ('pending-confirmation', 'active', 'paused')),
  paused_reason text,
  -- first failed delivery since the last success: 24 h of failures pause the subscription
  failing_since timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index subscriptions_owner_idx on notify.subscriptions (owner);
create index subscriptions_status_idx on notify.subscriptions (status);

-- The outbox of deliveries: one row per (subscription, notice or alarm event), written in the
-- transaction that handles the notice, so a redelivered notice finds its rows and adds none.
-- A worker sends the rows that are due; human channels collapse a burst's rows due together.
create table notify.deliveries (
  id bigserial primary key,
  subscription_id text not null references notify.subscriptions (id) on delete cascade,
  -- the notice key (IVORN, plus :<Pkt_Ser_Num> from the second of a name), alarm:<id>:<open|close>,
  -- test:<uuid>, confirm:<n> or paused:<n>
  event_key text not null,
  kind text not null check (kind in ('notice', 'test', 'alarm', 'confirmation', 'paused')),
  burst_id text,
  retraction boolean not null default false,
  stream_seq bigint,
  -- what is sent: {notice, visibility} for a notice, the alarm row for an alarm, ...
  content jsonb not null,
  status text not null check (status in ('pending', 'delivered', 'failed', 'collapsed')),
  -- a collapsed row went out inside this delivery's message
  collapsed_into bigint,
  attempts integer not null default 0,
  due_at timestamptz not null default now(),
  -- a sender holds the row until then (a crashed sender's rows come back after it)
  leased_until timestamptz,
  first_attempt_at timestamptz,
  last_attempt_at timestamptz,
  -- HTTP status of the last webhook attempt, or null (email, network error)
  last_http_status integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  unique (subscription_id, event_key)
);
create index deliveries_due_idx on notify.deliveries (due_at) where status = 'pending';
create index deliveries_subscription_idx on notify.deliveries (subscription_id, id);
create index deliveries_burst_idx on notify.deliveries (subscription_id, burst_id, status);

-- Operator alarms: one row per occurrence, opened once and closed once; `key` names what is
-- wrong (station:NCL1, lag:ALERTS/followup, ...) and at most one row per key is open.
create table notify.alarms (
  id bigserial primary key,
  key text not null,
  kind text not null,
  summary text not null,
  details jsonb not null default '{}',
  opened_at timestamptz not null default now(),
  closed_at timestamptz,
  close_summary text
);
create unique index alarms_open_key_idx on notify.alarms (key) where closed_at is null;
create index alarms_opened_idx on notify.alarms (opened_at desc);

-- The kit's one dead-letter shape (DeadLetterTable of @svom/service-kit).
create table notify.dead_letters (
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
