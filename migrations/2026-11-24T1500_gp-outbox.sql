-- Scheduler: its messages (svom.plan.published, svom.plan.interrupted) leave through a
-- transactional outbox, as every other service's do (libs/service-kit OutboxPublisher). A row is
-- written in the transaction of the plan or interruption it announces and deleted once JetStream
-- acknowledged it; the `published_at` marks it replaces are dropped (they were never served).
-- In the service's own schema `gp`, like vhf.outbox, alerts.outbox and followup.outbox.
-- Runs on PostgreSQL 15 and PGlite.
create table gp.outbox (
  id bigserial primary key,
  subject text not null,
  msg_id text not null,
  payload text not null,
  created_at timestamptz not null default now()
);

alter table gp.plans drop column published_at;
alter table gp.interruptions drop column published_at;
