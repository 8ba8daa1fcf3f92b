import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ensureStreams, streamName, subjectsFor, type Subjects } from '@svom/contracts';
import { connectTestNats } from '@svom/contracts/testing';
import { createTestDatabase, type TestDatabase } from '@svom/db/testing';
import { OutboxPublisher, type OutboxMessage, type OutboxRow } from '@svom/service-kit';
import { eventually, startPrivateNatsServer, type PrivateNatsServer } from '@svom/service-kit/testing';

const log = pino({ level: 'silent' });

// The two shapes services use: the ingest's and follow-up's outbox (no headers) and the alerts'.
const TABLES = `
  create schema kit;
  create table kit.outbox (id bigserial primary key, subject text not null, msg_id text not null, headers jsonb not null default '{}', payload text not null, created_at timestamptz not null default now());
  create table kit.plain_outbox (id bigserial primary key, subject text not null, msg_id text not null, payload text not null, created_at timestamptz not null default now());`;

type Table = 'kit.outbox' | 'kit.plain_outbox';

/** Writes messages as a service's transaction would; `ageS` back-dates them, as if left by a crash. */
async function write(database: TestDatabase, table: Table, messages: OutboxMessage[], ageS = 0): Promise<OutboxRow[]> {
  const rows = await database.db
    .insertInto(table)
    .values(
      messages.map((m) => ({
        subject: m.subject,
        msg_id: m.msgId,
        payload: m.payload,
        created_at: sql`now() - make_interval(secs => ${ageS})`,
        ...(table === 'kit.outbox' ? { headers: JSON.stringify(m.headers ?? {}) } : {}),
      })),
    )
    .returning('id')
    .execute();
  return messages.map((m, i) => ({ ...m, id: Number(rows[i]!.id) }));
}

async function pendingIn(database: TestDatabase, table: Table): Promise<number> {
  const { rows } = await sql.raw<{ n: number }>(`select count(*)::int as n from ${table}`).execute(database.db);
  return rows[0]!.n;
}

/** What the stream holds: subject, payload and headers of each message. */
async function stored(jsm: JetStreamManager, stream: string) {
  const info = await jsm.streams.info(stream);
  const out: Array<{ subject: string; payload: string; headers: Record<string, string> }> = [];
  for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (m === null) continue;
    const headers: Record<string, string> = {};
    for (const k of m.header?.keys() ?? []) headers[k] = m.header.get(k);
    out.push({ subject: m.subject, payload: m.string(), headers });
  }
  return out;
}

describe('OutboxPublisher on the real PostgreSQL and NATS', () => {
  let database: TestDatabase;
  let nats: Awaited<ReturnType<typeof connectTestNats>>;
  let jsm: JetStreamManager;
  let subjects: Subjects;
  let stream: string;
  let publisher: OutboxPublisher;
  let plain: OutboxPublisher;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    await sql.raw(TABLES).execute(database.db);
    nats = await connectTestNats();
    jsm = await jetstreamManager(nats.nc);
    await ensureStreams(jsm, { prefix: nats.prefix }, ['ALERTS']);
    subjects = subjectsFor(nats.prefix);
    stream = streamName('ALERTS', nats.prefix);
    publisher = new OutboxPublisher(database.db, nats.nc, log, {
      table: 'kit.outbox',
      headers: true,
      retryMs: 60_000,
      publishTimeoutMs: 1000,
    });
    plain = new OutboxPublisher(database.db, nats.nc, log, {
      table: 'kit.plain_outbox',
      retryMs: 60_000,
      publishTimeoutMs: 1000,
    });
  });
  beforeEach(async () => {
    await jsm.streams.purge(stream);
    await sql.raw('truncate kit.outbox, kit.plain_outbox').execute(database.db);
  });
  afterAll(async () => {
    await publisher?.stop();
    await plain?.stop();
    await nats?.cleanup();
    await database?.close();
  });

  test('publishes each row once, with its Nats-Msg-Id and headers, and deletes it on the ack', async () => {
    const rows = await write(database, 'kit.outbox', [
      {
        subject: subjects.alerts.notice('a'),
        msgId: 'ivo://a',
        headers: { 'Svom-Burst-Id': 'sb1' },
        payload: '{"n":1}',
      },
      {
        subject: subjects.alerts.voevent('a'),
        msgId: 'xml:ivo://a',
        headers: { 'Svom-Burst-Id': 'sb1' },
        payload: '<VOEvent/>',
      },
    ]);
    const before = publisher.published;
    // Writer and drain racing, or a retry after a lost ack: the same rows offered twice at once.
    const [first, second] = await Promise.all([publisher.publish(rows), publisher.publish(rows)]);
    expect(first).toBe(2);
    expect(second).toBe(2);
    expect(publisher.published - before).toBe(4);
    const messages = await stored(jsm, stream);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatchObject({
      subject: subjects.alerts.notice('a'),
      payload: '{"n":1}',
      headers: { 'Nats-Msg-Id': 'ivo://a', 'Svom-Burst-Id': 'sb1' },
    });
    expect(messages[1]).toMatchObject({
      subject: subjects.alerts.voevent('a'),
      headers: { 'Nats-Msg-Id': 'xml:ivo://a' },
    });
    expect(await publisher.pending()).toBe(0);
  });

  test('a row no stream takes stays in the outbox and counts as failed; the others go', async () => {
    const rows = await write(database, 'kit.outbox', [
      { subject: subjects.alerts.notice('b'), msgId: 'ivo://b', payload: '{}' },
      { subject: `${nats.prefix}.nowhere`, msgId: 'lost', payload: '{}' },
    ]);
    const failed = publisher.failed;
    expect(await publisher.publish(rows)).toBe(1);
    expect(publisher.failed - failed).toBe(1);
    const left = await database.db.selectFrom('kit.outbox').select('msg_id').execute();
    expect(left.map((r) => r.msg_id)).toEqual(['lost']);
    expect(await stored(jsm, stream)).toHaveLength(1);
  });

  test('the drain publishes rows left behind, headers included, and leaves the young ones to their writer', async () => {
    await write(
      database,
      'kit.outbox',
      Array.from({ length: 30 }, (_, i) => ({
        subject: subjects.alerts.notice('c'),
        msgId: `c${i}`,
        headers: { 'Svom-Notice': `c${i}` },
        payload: `{"i":${i}}`,
      })),
      10,
    );
    await write(database, 'kit.outbox', [{ subject: subjects.alerts.notice('c'), msgId: 'young', payload: '{}' }]);
    await write(
      database,
      'kit.plain_outbox',
      [{ subject: subjects.alerts.voevent('c'), msgId: 'plain', payload: '<VOEvent/>' }],
      10,
    );
    await Promise.all([publisher.drain(), plain.drain()]);
    const messages = await stored(jsm, stream);
    expect(messages).toHaveLength(31);
    expect(messages.filter((m) => m.headers['Svom-Notice'] === m.headers['Nats-Msg-Id'])).toHaveLength(30);
    expect(messages.find((m) => m.headers['Nats-Msg-Id'] === 'plain')?.payload).toBe('<VOEvent/>');
    expect(await pendingIn(database, 'kit.outbox')).toBe(1);
    expect(await plain.pending()).toBe(0);
  });
});

describe('OutboxPublisher while NATS is away', () => {
  let database: TestDatabase;
  let server: PrivateNatsServer;
  let nc: NatsConnection;
  let publisher: OutboxPublisher;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    await sql.raw(TABLES).execute(database.db);
    server = await startPrivateNatsServer();
    nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    await ensureStreams(await jetstreamManager(nc), {}, ['ALERTS']);
    publisher = new OutboxPublisher(database.db, nc, log, {
      table: 'kit.outbox',
      headers: true,
      retryMs: 60_000,
      publishTimeoutMs: 1000,
    });
  });
  afterAll(async () => {
    await publisher?.stop();
    await nc?.close();
    await server?.close();
    await database?.close();
  });

  test('leaves the rows to the drain, which runs as soon as NATS is back', async () => {
    const subject = subjectsFor().alerts.notice('d');
    await server.kill();
    await eventually(() => !publisher.natsUp, 'the disconnect to be seen');
    const rows = await write(
      database,
      'kit.outbox',
      [
        { subject, msgId: 'd1', payload: '{}' },
        { subject, msgId: 'd2', payload: '{}' },
      ],
      10,
    );
    expect(await publisher.publish(rows)).toBe(0);
    expect(await publisher.pending()).toBe(2);
    await server.restart();
    // No timer runs (retryMs is a minute): the reconnect itself drains.
    await eventually(async () => (await publisher.pending()) === 0, 'the outbox to drain on reconnect');
    const info = await (await jetstreamManager(nc)).streams.info(streamName('ALERTS'));
    expect(info.state.messages).toBe(2);
  });
});
