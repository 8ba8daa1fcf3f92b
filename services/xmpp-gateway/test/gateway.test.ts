import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jetstream } from '@nats-io/jetstream';
import { xmppNodesFor, XMPP_JSON_CONTAINER } from '@svom/contracts';
import { AlertsConfig, buildAlertsApp, type AlertsApp } from '@svom/alerts';
import {
  bearer,
  settingsWith,
  shuffled,
  startTestInfra,
  TEST_JWT_SECRET,
  type TestInfra,
} from '@svom/service-kit/testing';
import { buildIngestApp, IngestConfig, type IngestApp } from '@svom/vhf-ingest';
import { VOEVENT_NS } from '@svom/voevent';
import { sql } from 'kysely';
import type { XmppGatewayApp } from '../src/app.js';
import {
  burstVector,
  eventually,
  operatorAuth,
  startGateway,
  startSlixmpp,
  startTestProsody,
  TestSubscriber,
  type TestProsody,
} from './helper.js';

const NAMES: string[] = burstVector.expect.notices;
const BURST = 'sb26031401';

describe('the XMPP gateway on a real Prosody: a relayed burst from the ingest to PubSub subscribers', () => {
  let t: TestInfra;
  let prosody: TestProsody;
  let ingest: IngestApp;
  let alerts: AlertsApp;
  let gateway: XmppGatewayApp;
  let subscriber: TestSubscriber;
  let slixmpp: ReturnType<typeof startSlixmpp>;
  let nodes: ReturnType<typeof xmppNodesFor>;

  beforeAll(async () => {
    t = await startTestInfra(['VHF', 'ALERTS']);
    nodes = xmppNodesFor(t.prefix);
    prosody = await startTestProsody();
    ingest = await buildIngestApp({
      jwtSecret: TEST_JWT_SECRET,
      logger: false,
      infra: t.infra,
      settings: settingsWith(IngestConfig, { OUTBOX_RETRY_MS: 200 }),
    });
    await ingest.ready();
    ingest.runtime.start();
    alerts = await buildAlertsApp({
      jwtSecret: TEST_JWT_SECRET,
      logger: false,
      infra: t.infra,
      settings: settingsWith(AlertsConfig, {
        VTP_HOST: '127.0.0.1',
        VTP_SUBSCRIBER_PORT: 0,
        VTP_AUTHOR_PORT: 0,
        VTP_IVORN: 'ivo://org.svom/fsc/xmpp-test',
        CONSUMER_ACK_WAIT_S: 5,
        CONSUMER_MAX_DELIVER: 5,
        OUTBOX_RETRY_MS: 200,
      }),
    });
    await alerts.ready();
    await alerts.runtime.start();
    gateway = await startGateway(t, prosody);
    // The gateway makes the generic nodes when its session opens (standing nodes): awaited here,
    // as subscribers come before anything is published.
    for (const node of [nodes.voevents, nodes.jsons]) await gateway.runtime.link.ensureNode(node, 'open');
    subscriber = await TestSubscriber.connect(prosody, 'ada');
    await subscriber.subscribe(nodes.voevents, nodes.jsons);
    slixmpp = startSlixmpp(prosody, 'grace', [nodes.voevents, nodes.jsons]);
    await slixmpp.ready();

    const tokens: Record<string, string> = {};
    for (const id of new Set<string>(burstVector.receptions.map((r: { stationId: string }) => r.stationId))) {
      const res = await ingest.inject({
        method: 'POST',
        url: '/v1/stations',
        headers: operatorAuth(),
        payload: { id, name: `Station ${id}`, latitudeDeg: -20, longitudeDeg: 55 },
      });
      tokens[id] = res.json().token;
    }
    const byStation = new Map<string, unknown[]>();
    for (const r of shuffled(burstVector.receptions as Array<{ stationId: string }>, 11))
      byStation.set(r.stationId, [...(byStation.get(r.stationId) ?? []), r]);
    for (const [station, receptions] of byStation) {
      const res = await ingest.inject({
        method: 'POST',
        url: '/v1/receptions',
        headers: { authorization: `Bearer ${tokens[station]}` },
        payload: { receptions },
      });
      expect(res.statusCode).toBe(200);
    }
    await eventually(
      () =>
        subscriber.ids(nodes.voevents).length >= NAMES.length &&
        subscriber.ids(nodes.jsons).length >= NAMES.length &&
        slixmpp.items().length >= 2 * NAMES.length,
      'the burst at both subscribers',
      30_000,
    );
  });
  afterAll(async () => {
    slixmpp?.close();
    await subscriber?.close();
    await gateway?.close();
    await alerts?.close();
    await ingest?.close();
    await prosody?.close();
    await t?.close();
  });

  const expectedIds = () => NAMES.map((name) => `${BURST}_${name}`).sort();

  test('each notice reaches the subscriber once per node, as VOEvent and as JSON, item id the IVORN fragment', () => {
    expect(subscriber.ids(nodes.voevents).sort()).toEqual(expectedIds());
    expect(subscriber.ids(nodes.jsons).sort()).toEqual(expectedIds());
    for (const event of subscriber.events.filter((e) => e.node === nodes.voevents)) {
      expect(event.payload?.getName()).toBe('VOEvent');
      expect(event.payload?.getNS()).toBe(VOEVENT_NS);
      expect(event.payload?.attrs['ivorn']).toBe(`ivo://org.svom/fsc#${event.id}`);
    }
    for (const event of subscriber.events.filter((e) => e.node === nodes.jsons)) {
      expect(event.payload?.is(XMPP_JSON_CONTAINER.name, XMPP_JSON_CONTAINER.xmlns)).toBe(true);
      const notice = JSON.parse(event.payload!.getText());
      expect(notice.id).toEqual([BURST]);
      expect(JSON.stringify(notice)).toContain(`ivo://org.svom/fsc#${event.id}`);
    }
  });

  test('an independent client (python3-slixmpp, signed up in-band) receives the same items', () => {
    const items = slixmpp.items();
    expect(
      items
        .filter((i) => i.node === nodes.voevents)
        .map((i) => i.id)
        .sort(),
    ).toEqual(expectedIds());
    expect(
      items
        .filter((i) => i.node === nodes.jsons)
        .map((i) => i.id)
        .sort(),
    ).toEqual(expectedIds());
    expect(new Set(items.filter((i) => i.node === nodes.voevents).map((i) => `${i.ns} ${i.root}`))).toEqual(
      new Set([`${VOEVENT_NS} VOEvent`]),
    );
    expect(new Set(items.filter((i) => i.node === nodes.jsons).map((i) => `${i.ns} ${i.root}`))).toEqual(
      new Set([`${XMPP_JSON_CONTAINER.xmlns} ${XMPP_JSON_CONTAINER.name}`]),
    );
  });

  test('a late subscriber fetches the history with a plain items request, per-name nodes included', async () => {
    const late = await TestSubscriber.connect(prosody, 'late');
    try {
      expect((await late.pubsub.items(nodes.voevents)).map((i) => i.id).sort()).toEqual(expectedIds());
      expect((await late.pubsub.items(nodes.jsons)).map((i) => i.id).sort()).toEqual(expectedIds());
      for (const name of NAMES) {
        const [voevent] = await late.pubsub.items(nodes.voevent(name));
        expect(voevent?.id).toBe(`${BURST}_${name}`);
        expect(voevent?.payload?.getName()).toBe('VOEvent');
        const json = await late.pubsub.items(nodes.json(name));
        expect(json.map((i) => i.id)).toEqual([`${BURST}_${name}`]);
      }
    } finally {
      await late.close();
    }
  });

  test('a retraction by a Burst Advocate arrives like any notice, citing what it retracts', async () => {
    const res = await alerts.inject({
      method: 'POST',
      url: `/v1/bursts/${BURST}/retraction`,
      headers: bearer('ada', ['burst-advocate']),
      payload: { reason: 'cosmic ray shower in ECLAIRs' },
    });
    expect(res.statusCode).toBe(201);
    const id = `${BURST}_retraction`;
    const event = await eventually(
      () => subscriber.events.find((e) => e.node === nodes.voevents && e.id === id),
      'the retraction at the subscriber',
    );
    const citations = event.payload?.getChild('Citations');
    const cited = citations?.getChildren('EventIVORN').map((e) => [e.attrs['cite'], e.getText()]);
    expect(cited).toContainEqual(['retraction', `ivo://org.svom/fsc#${BURST}_grm-trigger`]);
    await eventually(() => subscriber.ids(nodes.jsons).includes(id), 'the JSON retraction');
    await eventually(() => slixmpp.items().some((i) => i.id === id), 'the retraction at slixmpp');
  });

  test('Burst Advocate comments go to the whitelist nodes: members read them, others are refused', async () => {
    const member = await TestSubscriber.connect(prosody, 'advocate1');
    const outsider = await TestSubscriber.connect(prosody, 'outsider');
    try {
      const added = await gateway.inject({
        method: 'PUT',
        url: `/v1/advocates/${member.jid}`,
        headers: operatorAuth(),
      });
      expect(added.statusCode).toBe(200);
      expect(added.json().members).toEqual([member.jid]);
      const notOperator = await gateway.inject({
        method: 'PUT',
        url: `/v1/advocates/${outsider.jid}`,
        headers: bearer('ada', ['burst-advocate']),
      });
      expect(notOperator.statusCode).toBe(403);
      const badJid = await gateway.inject({ method: 'PUT', url: '/v1/advocates/no-domain', headers: operatorAuth() });
      expect(badJid.statusCode).toBe(400);
      expect(badJid.json()).toMatchObject({ code: 'XMPP_GATEWAY_BAD_JID', field: '/params/jid' });

      const res = await alerts.inject({
        method: 'POST',
        url: `/v1/bursts/${BURST}/comments`,
        headers: bearer('ada', ['burst-advocate']),
        payload: { text: 'afterglow candidate in the MXT circle' },
      });
      expect(res.statusCode).toBe(201);
      const item = await eventually(async () => {
        const items = await member.pubsub.items(nodes.advocateAction('comment'));
        return items[0];
      }, 'the comment in the advocate node');
      const note = JSON.parse(item.payload!.getText());
      expect(note).toMatchObject({
        burstId: BURST,
        action: 'comment',
        by: 'ada',
        text: 'afterglow candidate in the MXT circle',
      });
      expect((await member.pubsub.items(nodes.advocate)).map((i) => i.id)).toContain(item.id);
      await expect(outsider.pubsub.items(nodes.advocate)).rejects.toMatchObject({ condition: 'forbidden' });
      await expect(outsider.pubsub.subscribe(nodes.advocate, outsider.jid)).rejects.toMatchObject({
        condition: 'forbidden',
      });
      // Nothing of the advocates reaches the public nodes.
      expect(subscriber.events.some((e) => e.id === item.id)).toBe(false);
    } finally {
      await member.close();
      await outsider.close();
    }
  });

  test('a message that can never be published is a dead letter; the next ones still go out', async () => {
    const js = jetstream(t.nc);
    const subjects = (await import('@svom/contracts')).subjectsFor(t.prefix);
    await js.publish(subjects.alerts.voevent('mxt-initial_qf3'), '<not-a-voevent/>', { msgID: 'bad-1' });
    await js.publish(subjects.alerts.notice('mxt-initial_qf3'), '{"id": ["sb26031402"]}', { msgID: 'bad-2' });
    const row = await eventually(async () => {
      const { rows } = await sql<{
        code: string;
        subject: string;
      }>`select code, subject from xmpp.dead_letters order by id`.execute(t.database.db);
      return rows.length === 2 && rows;
    }, 'two dead letters');
    expect(row.map((r) => r.code)).toEqual(['NOT_VOEVENT', 'BAD_IVORN']);
    const status = (await gateway.inject({ url: '/v1/status' })).json();
    expect(status.xmpp.online).toBe(true);
    expect(status.consumer.deadLettered).toBe(2);
    expect(status.published.voevent).toBeGreaterThanOrEqual(NAMES.length + 1);
    const metrics = (await gateway.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/xmpp_gateway_published_total\{kind="voevent"[^}]*\} [5-9]/);
    expect(metrics).toMatch(/jetstream_consumer_dead_lettered_total\{[^}]*\} 1/);
    const letters = await gateway.inject({ url: '/v1/dead-letters', headers: operatorAuth() });
    expect(letters.json().deadLetters.map((d: { code: string }) => d.code)).toEqual(['BAD_IVORN', 'NOT_VOEVENT']);
    expect(metrics).toMatch(/xmpp_gateway_online\{[^}]*\} 1/);
    expect((await gateway.inject({ url: '/ready' })).statusCode).toBe(200);
  });
});
