-- One dead-letter table shape in every schema, the one libs/service-kit's DurableConsumer writes
-- (DeadLetterTable): subject, stream_seq, msg_id, deliveries, code, reason, payload, created_at.
-- alerts.dead_letters already has it. gp.dead_letters lacked msg_id, deliveries and code and named
-- its time recorded_at; followup.dead_letters lacked code and named its time at. Rows written
-- before get the code their reason shows (follow-up wrote "CODE: message" or "failed N times: ..."),
-- or UNRECORDED. Runs on PostgreSQL 15 and PGlite.

alter table gp.dead_letters add column msg_id text;
alter table gp.dead_letters add column deliveries integer not null default 1;
alter table gp.dead_letters alter column deliveries drop default;
alter table gp.dead_letters add column code text not null default 'UNRECORDED';
alter table gp.dead_letters alter column code drop default;
update gp.dead_letters set code = 'GAVE_UP' where reason like 'failed % times: %';
alter table gp.dead_letters rename column recorded_at to created_at;
create index gp_dead_letters_created_idx on gp.dead_letters (created_at desc);

alter table followup.dead_letters add column code text not null default 'UNRECORDED';
alter table followup.dead_letters alter column code drop default;
update followup.dead_letters
  set code = case
    when reason like 'failed % times: %' then 'GAVE_UP'
    when reason ~ '^[A-Z][A-Z0-9_]*: ' then split_part(reason, ':', 1)
    else 'UNRECORDED'
  end;
alter table followup.dead_letters rename column at to created_at;
create index followup_dead_letters_created_idx on followup.dead_letters (created_at desc);
