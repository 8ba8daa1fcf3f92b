-- Follow-up (issue 4): ground facilities, the notices heard from alerts, observation requests
-- with their audited events, why a facility got no request, reports and afterglow candidates,
-- the outbox to JetStream and the dead letters of the notice consumer.
-- Runs on PostgreSQL 15 and PGlite (PostgreSQL 18): no extensions, no gen_random_uuid().
create schema if not exists followup;

create table followup.facilities (
  id text primary key,
  name text not null,
  -- wide-field, robotic-optical, robotic-optical-nir, spectroscopic, radio
  kind text not null,
  site_name text not null,
  latitude_deg double precision not null check (latitude_deg between -90 and 90),
  longitude_deg double precision not null check (longitude_deg between -180 and 180),
  altitude_m double precision not null,
  min_altitude_deg double precision not null,
  max_sun_altitude_deg double precision not null,
  min_moon_distance_deg double precision not null,
  -- side of the (square-equivalent) field of view; an error circle wider than it is not followed
  field_of_view_deg double precision not null check (field_of_view_deg > 0),
  filters text[] not null default '{}',
  typical_response_s integer not null,
  contact text not null,
  -- where the coordinates come from
  source text not null,
  -- sha256 of the facility token; null until an operator issues one
  token_hash text unique,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- A burst as follow-up knows it: its best position so far (smallest error radius) and whether
-- it was retracted. Rows are locked while a notice of the burst is handled.
create table followup.bursts (
  burst_id text primary key,
  trigger_time timestamptz,
  ra_deg double precision,
  dec_deg double precision,
  error_radius_deg double precision,
  position_ivorn text,
  retracted_at timestamptz,
  first_notice_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Every notice handled once: a redelivery finds itself here. The key is the IVORN, plus
-- `:<Pkt_Ser_Num>` from the second notice of a name (the FSC repeats an IVORN when a name
-- repeats, e.g. a second mxt-update_qf3), as alerts makes its Nats-Msg-Id.
create table followup.notices (
  notice_key text primary key,
  ivorn text not null,
  burst_id text not null,
  notice_name text not null,
  packet_type integer,
  instrument text,
  trigger_time timestamptz,
  ra_deg double precision,
  dec_deg double precision,
  error_radius_deg double precision,
  improved_position boolean not null default false,
  stream_seq bigint,
  payload jsonb not null,
  received_at timestamptz not null default now()
);
create index notices_burst_idx on followup.notices (burst_id, received_at);

-- One request per burst and facility; its position follows the burst's best one while open.
create table followup.requests (
  id text primary key,
  burst_id text not null,
  facility_id text not null references followup.facilities (id),
  status text not null check (status in ('requested', 'acknowledged', 'observing', 'completed', 'failed', 'cancelled')),
  ra_deg double precision not null,
  dec_deg double precision not null,
  error_radius_deg double precision,
  position_ivorn text not null,
  window_start timestamptz not null,
  window_end timestamptz not null,
  altitude_deg double precision not null,
  sun_altitude_deg double precision not null,
  moon_distance_deg double precision not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (burst_id, facility_id)
);
create index requests_facility_idx on followup.requests (facility_id, status, created_at desc);
create index requests_status_idx on followup.requests (status, created_at desc);

-- The audit trail: creation, position updates and every status transition, with who and why.
create table followup.request_events (
  id bigserial primary key,
  request_id text not null references followup.requests (id),
  burst_id text not null,
  kind text not null check (kind in ('created', 'updated', 'transition')),
  from_status text,
  to_status text not null,
  actor text not null,
  reason text,
  notice_key text,
  version integer not null,
  at timestamptz not null default now()
);
create index request_events_request_idx on followup.request_events (request_id, id);
create index request_events_burst_idx on followup.request_events (burst_id, id);

-- What each notice meant for each facility: a request made or moved, or why none.
create table followup.decisions (
  id bigserial primary key,
  notice_key text not null,
  burst_id text not null,
  facility_id text not null,
  outcome text not null,
  reason text,
  details jsonb not null,
  at timestamptz not null default now(),
  unique (notice_key, facility_id)
);
create index decisions_burst_idx on followup.decisions (burst_id, id);

create table followup.reports (
  id text primary key,
  burst_id text not null,
  request_id text references followup.requests (id),
  facility_id text not null references followup.facilities (id),
  observations jsonb not null,
  redshifts jsonb not null,
  received_at timestamptz not null default now()
);
create index reports_burst_idx on followup.reports (burst_id, received_at);

-- Afterglow candidates, each matched against the burst's error region when it was reported.
create table followup.candidates (
  id bigserial primary key,
  report_id text not null references followup.reports (id),
  burst_id text not null,
  facility_id text not null,
  ra_deg double precision not null,
  dec_deg double precision not null,
  error_radius_deg double precision not null,
  magnitude double precision not null,
  magnitude_error double precision not null,
  filter text,
  observed_at timestamptz not null,
  separation_deg double precision,
  region_radius_deg double precision,
  region_ivorn text,
  within_error_region boolean not null
);
create index candidates_burst_idx on followup.candidates (burst_id, id);

create table followup.outbox (
  id bigserial primary key,
  subject text not null,
  msg_id text not null,
  payload text not null,
  created_at timestamptz not null default now()
);

-- Notices that can never be handled (not JSON, no burst id, ...) or that failed every delivery.
create table followup.dead_letters (
  id bigserial primary key,
  subject text not null,
  stream_seq bigint,
  msg_id text,
  deliveries integer not null,
  reason text not null,
  payload text not null,
  at timestamptz not null default now()
);

-- Seeded facilities. Coordinates are the published ones (geodetic, east-positive longitude):
--  * Xinglong Observatory (NAOC): 40°23′39″ N, 117°34′30″ E, ~900 m; MPC code 327
--    (http://www.xinglong-naoc.org/, https://minorplanetcenter.net/iau/lists/ObsCodesF.html).
--    GWAC: 36+ cameras of 18 cm, ~150 deg² each, ~5000 deg² in all (Wei et al. 2016,
--    arXiv:1610.06892; SVOM white paper). C-GFT: the 1.2 m Chinese ground follow-up telescope of
--    SVOM, ~21′ field (Wei et al. 2016).
--  * San Pedro Mártir (OAN-SPM, UNAM): 31°02′39″ N, 115°27′49″ W, 2790 m; MPC code 679.
--    F-GFT/COLIBRI: 1.3 m, 26′ × 26′ visible field, simultaneous NIR (Basa et al. 2022, SPIE 12182).
--  * Calern (Observatoire de la Côte d'Azur): 43°45′08″ N, 6°55′20″ E, 1270 m; MPC code 010.
--    TAROT-Calern: 25 cm robotic, 1.86° field (Klotz et al. 2008, PASP 120, 1298).
--  * La Silla (ESO): 29°15′34″ S, 70°43′53″ W, 2347 m; MPC code 809. TAROT-La Silla (Klotz et al. 2008).
--  * Paranal (ESO): 24°37′38″ S, 70°24′15″ W, 2635 m; MPC code 309. VLT UT3 X-shooter,
--    spectroscopy (slit ≤ 11″; acquisition field 1.5′), the usual redshift instrument for GRBs.
insert into followup.facilities
  (id, name, kind, site_name, latitude_deg, longitude_deg, altitude_m, min_altitude_deg, max_sun_altitude_deg, min_moon_distance_deg, field_of_view_deg, filters, typical_response_s, contact, source)
values
  ('GWAC', 'Ground Wide Angle Cameras', 'wide-field', 'Xinglong', 40.3942, 117.5750, 900, 20, -12, 10, 60, '{R}', 15, 'gwac@nao.cas.cn', 'Xinglong 40°23′39″N 117°34′30″E 900 m (MPC 327); GWAC: Wei et al. 2016 arXiv:1610.06892'),
  ('C-GFT', 'Chinese Ground Follow-up Telescope (1.2 m)', 'robotic-optical', 'Xinglong', 40.3942, 117.5750, 900, 20, -12, 15, 0.35, '{u,g,r,i,z}', 60, 'cgft@nao.cas.cn', 'Xinglong 40°23′39″N 117°34′30″E 900 m (MPC 327); C-GFT: Wei et al. 2016 arXiv:1610.06892'),
  ('COLIBRI', 'F-GFT/COLIBRI (1.3 m)', 'robotic-optical-nir', 'San Pedro Mártir', 31.0442, -115.4636, 2790, 20, -12, 15, 0.43, '{g,r,i,z,y,J,H}', 60, 'colibri@lam.fr', 'OAN-SPM 31°02′39″N 115°27′49″W 2790 m (MPC 679); COLIBRI: Basa et al. 2022 SPIE 12182'),
  ('TAROT-C', 'TAROT Calern (25 cm)', 'robotic-optical', 'Calern', 43.7522, 6.9222, 1270, 15, -12, 10, 1.86, '{clear,g,r,i}', 30, 'tarot@oca.eu', 'Calern 43°45′08″N 6°55′20″E 1270 m (MPC 010); TAROT: Klotz et al. 2008 PASP 120 1298'),
  ('TAROT-S', 'TAROT La Silla (25 cm)', 'robotic-optical', 'La Silla', -29.2594, -70.7314, 2347, 15, -12, 10, 1.86, '{clear,g,r,i}', 30, 'tarot@oca.eu', 'La Silla 29°15′34″S 70°43′53″W 2347 m (MPC 809); TAROT: Klotz et al. 2008 PASP 120 1298'),
  ('VLT-XSH', 'VLT UT3 X-shooter', 'spectroscopic', 'Paranal', -24.6272, -70.4042, 2635, 30, -18, 30, 0.025, '{UVB,VIS,NIR}', 1800, 'usd-help@eso.org', 'Paranal 24°37′38″S 70°24′15″W 2635 m (MPC 309); X-shooter: Vernet et al. 2011 A&A 536 A105');
