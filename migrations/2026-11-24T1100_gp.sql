-- Scheduler (general program): orbit elements, observation requests (GP and ToOs), plans with
-- their timelines, interruptions by bursts, and messages that could never be handled.
create schema if not exists gp;

-- TLEs uploaded by operators; the newest is the orbit in use (the built-in default when none).
create table gp.tle (
  id bigserial primary key,
  name text not null,
  line1 text not null,
  line2 text not null,
  epoch timestamptz not null,
  uploaded_by text not null,
  uploaded_at timestamptz not null default now()
);
create index tle_uploaded_idx on gp.tle (uploaded_at desc, id desc);

create table gp.requests (
  id text primary key,
  kind text not null check (kind in ('GP', 'ToO-NOM', 'ToO-EX', 'ToO-MM')),
  -- implied by kind (1 = GP ... 4 = ToO-EX), kept so plans and queries sort without the table
  priority integer not null,
  title text not null,
  ra_deg double precision not null check (ra_deg >= 0 and ra_deg < 360),
  dec_deg double precision not null check (dec_deg >= -90 and dec_deg <= 90),
  exposure_s double precision not null check (exposure_s > 0),
  min_slice_s double precision not null check (min_slice_s > 0),
  earliest_at timestamptz not null,
  latest_at timestamptz not null,
  cadence_s double precision,
  instruments text[] not null,
  status text not null default 'submitted' check (status in ('submitted', 'accepted', 'rejected', 'withdrawn')),
  submitted_by text not null,
  submitted_at timestamptz not null default now(),
  decided_by text,
  decided_at timestamptz,
  check (latest_at > earliest_at)
);
create index requests_status_idx on gp.requests (status, priority desc, submitted_at);

create table gp.plans (
  id text primary key,
  span_start timestamptz not null,
  span_end timestamptz not null,
  status text not null check (status in ('active', 'superseded', 'interrupted')),
  created_at timestamptz not null default now(),
  created_by text not null,
  -- the plan this one replaces after an interruption
  supersedes text references gp.plans (id),
  tle_name text not null,
  constraints jsonb not null,
  stats jsonb not null,
  unplanned jsonb not null,
  compute_ms double precision not null,
  published_at timestamptz
);
create index plans_span_idx on gp.plans (status, span_start, span_end);

create table gp.plan_entries (
  plan_id text not null references gp.plans (id) on delete cascade,
  seq integer not null,
  kind text not null check (kind in ('observation', 'slew', 'core', 'burst')),
  request_id text,
  start_at timestamptz not null,
  end_at timestamptz not null,
  ra_deg double precision not null,
  dec_deg double precision not null,
  primary key (plan_id, seq)
);
create index plan_entries_request_idx on gp.plan_entries (request_id) where request_id is not null;

-- One row per burst that interrupted (or found no plan to interrupt): a repeated notice is a no-op.
create table gp.interruptions (
  burst_id text primary key,
  trigger_time timestamptz not null,
  ra_deg double precision not null,
  dec_deg double precision not null,
  removed_from timestamptz not null,
  removed_to timestamptz not null,
  interrupted_plan_id text references gp.plans (id),
  new_plan_id text references gp.plans (id),
  received_at timestamptz not null default now(),
  published_at timestamptz
);

create table gp.dead_letters (
  id bigserial primary key,
  subject text not null,
  stream_seq bigint,
  reason text not null,
  payload text not null,
  recorded_at timestamptz not null default now()
);
