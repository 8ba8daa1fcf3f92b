import { readFileSync } from 'node:fs';
import { jetstreamManager } from '@nats-io/jetstream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sendVoEvent, VtpConnectionError, type VtpSubscriber, type VoEventReceipt } from '@svom/vtp';
import { alertsStream, count, eventually, startAlerts, subscribeToVtp, type Harness } from './helper.js';

const real = readFileSync(
  new URL('../../../testdata/notices/svom/real-gcn-kafka/mxt/mxt_40.xml', import.meta.url),
  'utf8',
);
const event = (tag: string) => real.replace('sb26022501_mxt-initial_qf1"', `sb26022501_mxt-initial_qf1-${tag}"`);
const ivornOf = (tag: string) => `ivo://org.svom/fsc#sb26022501_mxt-initial_qf1-${tag}`;
const invalid = (tag: string) => event(tag).replace(/<Who>[\s\S]*?<\/Who>/, '<Who><Bogus/></Who>');

/**
 * Authors as `comet-sendvo` is (issue 15): one connection per event, all at once, so the store
 * group-commits events of many connections together. Each receipt must come only once its event
 * is durable, and a batch that fails must cost only the events that fail alone.
 */
describe('VTP one-shot authors: group commit across connections', () => {
  let h: Harness;
  let sub: VtpSubscriber;
  const delivered: string[] = [];
  let port: number;

  /** Sends every event on its own connection at once; for each, the receipt or the error. */
  const sendAll = (xmls: string[]) =>
    Promise.allSettled(xmls.map((xml) => sendVoEvent('127.0.0.1', port, xml, { timeoutMs: 30_000 })));
  const storedIvorns = async () =>
    (await h.database.db.selectFrom('alerts.vtp_events').select('ivorn').execute()).map((r) => r.ivorn);
  /** Makes PostgreSQL refuse the events whose ivorn matches a LIKE pattern (a real failure of the insert). */
  const refuseIvorns = async (pattern: string | undefined) => {
    await sql`drop trigger if exists test_refuse on alerts.vtp_events`.execute(h.database.db);
    if (pattern === undefined) return;
    await sql
      .raw(
        `create or replace function alerts.test_refuse() returns trigger language plpgsql as $$
         begin if new.ivorn like '${pattern}' then raise exception 'test: refused %', new.ivorn; end if; return new; end $$`,
      )
      .execute(h.database.db);
    await sql`create trigger test_refuse before insert on alerts.vtp_events for each row execute function alerts.test_refuse()`.execute(
      h.database.db,
    );
  };
  /** Once the outbox is empty: the stream holds each stored event exactly once, and the subscriber got each once. */
  const expectPublishedOnce = async () => {
    await eventually(async () => (await count(h.database, 'alerts.outbox')) === 0, 'the outbox to drain', 20_000);
    const stored = await h.database.db.selectFrom('alerts.vtp_events').select(['digest', 'ivorn']).execute();
    const ids = (await alertsStream(await jetstreamManager(h.nc), h.prefix))
      .map((m) => m.headers['Nats-Msg-Id'] ?? '')
      .filter((id) => id.startsWith('vtp:'));
    expect(ids.sort()).toEqual(stored.map((e) => `vtp:${e.digest}`).sort());
    await eventually(() => stored.every((e) => delivered.includes(e.ivorn)), 'every event at the subscriber', 20_000);
    await new Promise((r) => setTimeout(r, 200)); // a late second copy would show now
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(delivered.sort()).toEqual(stored.map((e) => e.ivorn).sort());
  };

  beforeAll(async () => {
    // Every author here is 127.0.0.1: the per-address cap and rate are for strangers.
    h = await startAlerts({ VTP_MAX_AUTHOR_CONNECTIONS_PER_ADDRESS: 256, VTP_AUTHOR_RATE_PER_S: 0 });
    port = h.alerts.runtime.vtp.ports.authors;
    sub = await subscribeToVtp(h, (e) => delivered.push(e.ivorn));
  });
  afterAll(async () => {
    await sub?.close();
    await h?.close();
  });

  test('150 authors at once: each ack comes after its event is stored, copies are duplicates, invalid ones naked and not stored', async () => {
    const valid = Array.from({ length: 120 }, (_, i) => `many${i}`);
    const copies = valid.slice(0, 20);
    const bad = Array.from({ length: 10 }, (_, i) => `bad${i}`);
    // When each ack arrives, its event must already be in the database (committed before the ack).
    const storedAtAck: Array<Promise<number>> = [];
    const send = (xml: string, ivorn: string) =>
      sendVoEvent('127.0.0.1', port, xml, { timeoutMs: 30_000 }).then((receipt: VoEventReceipt) => {
        if (receipt.role === 'ack') storedAtAck.push(count(h.database, 'alerts.vtp_events', `ivorn = '${ivorn}'`));
        return receipt;
      });
    const receipts = await Promise.all([
      ...valid.map((t) => send(event(t), ivornOf(t))),
      ...copies.map((t) => send(event(t), ivornOf(t))),
      ...bad.map((t) => send(invalid(t), ivornOf(t))),
    ]);
    const forValid = receipts.slice(0, valid.length + copies.length);
    expect(forValid.every((r) => r.role === 'ack')).toBe(true);
    expect(await Promise.all(storedAtAck)).toEqual(storedAtAck.map(() => 1));
    // Of an event and its copy, exactly one was new; the other is acked as a duplicate.
    for (const t of copies) {
      const results = forValid.filter((r) => r.origin === ivornOf(t)).map((r) => /duplicate/.test(r.meta.result ?? ''));
      expect(results.sort()).toEqual([false, true]);
    }
    const forBad = receipts.slice(valid.length + copies.length);
    expect(forBad.map((r) => r.role)).toEqual(bad.map(() => 'nak'));
    expect(forBad[0]!.meta.result).toMatch(/schema/);
    expect((await storedIvorns()).sort()).toEqual(valid.map(ivornOf).sort());
    await expectPublishedOnce();
  }, 60_000);

  test('an insert that fails for one event fails only its connection (closed without receipt, not stored); its retry is accepted', async () => {
    await refuseIvorns('%poison%');
    const tags = Array.from({ length: 30 }, (_, i) => `mixed${i}`);
    const outcomes = await sendAll([...tags.map(event), event('poison1')]);
    expect(outcomes.slice(0, tags.length).map((o) => o.status === 'fulfilled' && o.value.role)).toEqual(
      tags.map(() => 'ack'),
    );
    const poisoned = outcomes.at(-1)!;
    expect(poisoned.status).toBe('rejected');
    expect((poisoned as PromiseRejectedResult).reason).toBeInstanceOf(VtpConnectionError);
    const stored = await storedIvorns();
    expect(stored).toEqual(expect.arrayContaining(tags.map(ivornOf)));
    expect(stored).not.toContain(ivornOf('poison1'));
    // The author retries (no receipt means a temporary failure, VTP §6.1): accepted once the fault is gone.
    await refuseIvorns(undefined);
    const retry = await sendVoEvent('127.0.0.1', port, event('poison1'));
    expect(retry).toMatchObject({ role: 'ack' });
    expect(retry.meta.result).not.toMatch(/duplicate/);
    await expectPublishedOnce();
  }, 60_000);

  test('the database refusing every insert: no author is acked, nothing is stored or published; the retries are, once each', async () => {
    await refuseIvorns('%');
    const before = await count(h.database, 'alerts.vtp_events');
    const tags = Array.from({ length: 40 }, (_, i) => `down${i}`);
    const outcomes = await sendAll(tags.map(event));
    expect(outcomes.map((o) => o.status)).toEqual(tags.map(() => 'rejected'));
    expect(await count(h.database, 'alerts.vtp_events')).toBe(before);
    await refuseIvorns(undefined);
    const retries = await sendAll(tags.map(event));
    expect(retries.map((o) => o.status === 'fulfilled' && o.value.role)).toEqual(tags.map(() => 'ack'));
    expect(await count(h.database, 'alerts.vtp_events')).toBe(before + tags.length);
    await expectPublishedOnce();
  }, 60_000);
});
