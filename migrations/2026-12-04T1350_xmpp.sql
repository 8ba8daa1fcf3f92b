-- The XMPP gateway (services/xmpp-gateway) keeps nothing of its own but the ALERTS messages it
-- could never publish (an unreadable notice, a payload the XMPP server refuses): its dead letters,
-- in the kit's one dead-letter shape (libs/service-kit DeadLetterTable).
create schema if not exists xmpp;

create table xmpp.dead_letters (
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
