import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { streamName, xmppNodesFor } from '@svom/contracts';
import { startTestInfra, type TestInfra } from '@svom/service-kit/testing';
import type { TestDatabase } from '@svom/db/testing';
import { sql } from 'kysely';
import {
  eventually,
  mxtNotice,
  publishNotice,
  spawnGateway,
  startTestProsody,
  TestSubscriber,
  type TestProsody,
} from './helper.js';

/** A burst of `count` notices (bursts `sb260315<nn>`, an initial MXT notice then updates of the same name). */
function burstNotices(day: number, count: number) {
  return Array.from({ length: count }, (_, i) =>
    mxtNotice(`sb2603${String(day).padStart(2, '0')}${String(1 + Math.floor(i / 10)).padStart(2, '0')}`, 1 + (i % 10)),
  );
}

describe('nothing lost, nothing twice: the gateway or Prosody killed in the middle of a burst', () => {
  let t: TestInfra<TestDatabase>;
  let prosody: TestProsody;
  let gateway: Awaited<ReturnType<typeof spawnGateway>>;
  let subscriber: TestSubscriber;
  let nodes: ReturnType<typeof xmppNodesFor>;
  const published: string[] = [];

  beforeAll(async () => {
    t = await startTestInfra(['ALERTS']);
    nodes = xmppNodesFor(t.prefix);
    prosody = await startTestProsody();
    gateway = await spawnGateway(t, prosody);
    // A first notice makes the generic nodes; then the subscriber joins them.
    published.push(await publishNotice(t.nc, t.prefix, mxtNotice('sb26031501', 1)));
    subscriber = await TestSubscriber.connect(prosody, 'ada');
    await eventually(
      async () => (await subscriber.pubsub.items(nodes.jsons).catch(() => [])).length === 1,
      'the first item',
    );
    await eventually(
      async () => (await subscriber.pubsub.items(nodes.voevents).catch(() => [])).length === 1,
      'the first VOEvent',
    );
    await subscriber.subscribe(nodes.voevents, nodes.jsons);
  });
  afterAll(async () => {
    await subscriber?.close();
    await gateway?.kill();
    await prosody?.close();
    await t?.close();
  });

  /** Every item id of a node, and how many there are (an id can be in a node once only: `items` tells the truth). */
  const itemIds = async (node: string) => (await subscriber.pubsub.items(node)).map((i) => i.id).sort();

  const settled = async () => {
    const info = await t.jsm.consumers.info(streamName('ALERTS', t.prefix), 'xmpp-gateway');
    return info.num_pending === 0 && info.num_ack_pending === 0;
  };

  test('the gateway SIGKILLed mid-burst and started again: every notice in each node once, the subscriber told of each', async () => {
    const notices = burstNotices(16, 24);
    const before = subscriber.events.length;
    const ofThisBurst: string[] = [];
    const publishing = (async () => {
      for (const notice of notices) {
        const id = await publishNotice(t.nc, t.prefix, notice);
        published.push(id);
        ofThisBurst.push(id);
      }
    })();
    // Killed once a quarter of the burst went out, in the middle of whatever it was publishing.
    await eventually(
      () => subscriber.events.length - before >= 12,
      'a quarter of the burst at the subscriber',
      180_000,
    );
    await gateway.kill();
    const atKill = subscriber.events.length - before;
    await publishing;
    gateway = await spawnGateway(t, prosody);
    const expected = [...published].sort();
    await eventually(
      async () =>
        (await itemIds(nodes.voevents)).length === expected.length &&
        (await itemIds(nodes.jsons)).length === expected.length,
      'every notice in both nodes',
      90_000,
    );
    expect(await itemIds(nodes.voevents)).toEqual(expected);
    expect(await itemIds(nodes.jsons)).toEqual(expected);
    // Per-name nodes hold each notice of their name once.
    expect(await itemIds(nodes.voevent('mxt-update_qf3'))).toEqual(expected.filter((id) => id.includes('mxt-update')));
    expect(await itemIds(nodes.json('mxt-initial_qf3'))).toEqual(expected.filter((id) => id.includes('mxt-initial')));
    await eventually(settled, 'the consumer to have nothing pending');
    // The subscriber heard of every notice. Those published but whose ack had not reached
    // JetStream at the kill were published again under the same id: that replaces the item (the
    // node holds it once, above) and tells subscribers again, so they key on the item id.
    for (const node of [nodes.voevents, nodes.jsons]) {
      const heard = subscriber.ids(node);
      expect([...new Set(heard)].sort()).toEqual([...ofThisBurst].sort());
      console.info(`${node}: ${heard.length - ofThisBurst.length} notice(s) told twice after the kill`);
    }
    expect(atKill).toBeLessThan(2 * notices.length);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from xmpp.dead_letters`.execute(t.database.db);
    expect(rows[0]!.n).toBe(0);
  }, 420_000);

  test('Prosody SIGKILLed mid-burst and started again: the gateway reconnects and every notice is in each node once', async () => {
    const notices = burstNotices(17, 24);
    const count = async () => (await itemIds(nodes.jsons).catch(() => [])).length;
    const start = await count();
    const publishing = (async () => {
      for (const notice of notices) published.push(await publishNotice(t.nc, t.prefix, notice));
    })();
    await eventually(async () => (await count()) - start >= 6, 'a quarter of the burst in the node', 180_000);
    await prosody.restart('SIGKILL');
    await publishing;
    const expected = [...published].sort();
    await eventually(
      async () =>
        (await itemIds(nodes.voevents).catch(() => [])).length === expected.length &&
        (await itemIds(nodes.jsons).catch(() => [])).length === expected.length,
      'every notice in both nodes after the restart',
      180_000,
    );
    expect(await itemIds(nodes.voevents)).toEqual(expected);
    expect(await itemIds(nodes.jsons)).toEqual(expected);
    expect(await itemIds(nodes.json('mxt-update_qf3'))).toEqual(expected.filter((id) => id.includes('mxt-update')));
    await eventually(settled, 'the consumer to have nothing pending');
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from xmpp.dead_letters`.execute(t.database.db);
    expect(rows[0]!.n).toBe(0);
  }, 420_000);
});
