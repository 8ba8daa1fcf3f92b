import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jetstream } from '@nats-io/jetstream';
import { streamName, ALERT_NOTICE_HEADERS } from '@svom/contracts';
import {
  FSC_SCHEMA_IDS,
  GCN_SVOM_TRIGGER_SCHEMA_ID,
  readVoEventXml,
  validateNoticeJson,
  validateVoEventXml,
} from '@svom/voevent';
import type { VtpSubscriber } from '@svom/vtp';
import {
  addStation,
  collect,
  count,
  eventually,
  postReceptions,
  shuffled,
  startAlerts,
  subscribeToVtp,
  vectors,
  type Harness,
} from './helper.js';

describe('burst-relayed.json through the real ingest to notices on NATS, REST and VTP', () => {
  let h: Harness;
  let vtp: VtpSubscriber;
  const vtpEvents: Array<{ ivorn: string; xml: string }> = [];
  let notices: ReturnType<typeof collect>;
  let voevents: ReturnType<typeof collect>;
  const tokens: Record<string, string> = {};
  const expected = vectors.burst.expect as {
    notices: string[];
    burstPosition: { raDeg: number; decDeg: number };
    t0: string;
    alertSequenceId: number;
  };

  beforeAll(async () => {
    h = await startAlerts();
    notices = collect(h.nc, h.subjects.alerts.notices);
    voevents = collect(h.nc, h.subjects.alerts.voevents);
    vtp = await subscribeToVtp(h, (e) => vtpEvents.push(e));
    for (const id of new Set<string>(vectors.burst.receptions.map((r: { stationId: string }) => r.stationId)))
      tokens[id] = await addStation(h.ingest, id);
    await postReceptions(h.ingest, tokens, shuffled(vectors.burst.receptions, 7));
    await eventually(
      async () =>
        (await count(h.database, 'alerts.notices')) >= expected.notices.length &&
        notices.messages.length >= expected.notices.length &&
        vtpEvents.length >= expected.notices.length,
      'the notices',
    );
  });
  afterAll(async () => {
    await vtp?.close();
    notices?.stop();
    voevents?.stop();
    await h?.close();
  });

  test('exactly the expected notices, once each, on NATS with their headers', async () => {
    const names = notices.messages.map((m) => m.headers[ALERT_NOTICE_HEADERS.notice]).sort();
    expect(names).toEqual([...expected.notices].sort());
    expect(voevents.messages.map((m) => m.headers[ALERT_NOTICE_HEADERS.notice]).sort()).toEqual(
      [...expected.notices].sort(),
    );
    const burstIds = new Set(notices.messages.map((m) => m.headers[ALERT_NOTICE_HEADERS.burstId]));
    // T0 2026-03-14, first burst of that day.
    expect([...burstIds]).toEqual(['sb26031401']);
    for (const m of notices.messages) {
      expect(m.subject).toBe(h.subjects.alerts.notice(m.headers[ALERT_NOTICE_HEADERS.notice]!));
      const json = JSON.parse(m.data);
      expect(validateNoticeJson(json)).toEqual({ valid: true, errors: [] });
      expect(json.$schema).toMatch(/^https:\/\//);
      expect(m.headers['Nats-Msg-Id']).toBe(`ivo://org.svom/fsc#sb26031401_${m.headers[ALERT_NOTICE_HEADERS.notice]}`);
      expect(Number(m.headers[ALERT_NOTICE_HEADERS.packetType])).toBeGreaterThanOrEqual(201);
    }
    for (const m of voevents.messages) expect(validateVoEventXml(m.data)).toEqual({ valid: true });
  });

  test("each notice's $schema answers on the alerts service (GCN's own for 201-205), with that schema", async () => {
    const schemas = new Set(notices.messages.map((m) => JSON.parse(m.data).$schema as string));
    expect([...schemas].sort()).toEqual([FSC_SCHEMA_IDS.mxt, GCN_SVOM_TRIGGER_SCHEMA_ID].sort());
    const res = await h.alerts.inject({ url: new URL(FSC_SCHEMA_IDS.mxt).pathname });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/schema+json');
    expect(res.json().$id).toBe(FSC_SCHEMA_IDS.mxt);
  });

  test('the same notices reach the VTP subscriber, valid against the XSD', () => {
    expect(vtpEvents.map((e) => e.ivorn).sort()).toEqual(
      expected.notices.map((n) => `ivo://org.svom/fsc#sb26031401_${n}`).sort(),
    );
    for (const e of vtpEvents) expect(validateVoEventXml(e.xml).valid).toBe(true);
  });

  test('REST: the burst, its best position, notices as XML and JSON', async () => {
    const list = await h.alerts.inject({ url: '/v1/bursts?instrument=MXT' });
    expect(list.statusCode).toBe(200);
    expect(list.json().bursts.map((b: { burstId: string }) => b.burstId)).toEqual(['sb26031401']);
    const res = await h.alerts.inject({ url: '/v1/bursts/sb26031401' });
    const burst = res.json();
    expect(burst.alertSequenceId).toBe(expected.alertSequenceId);
    expect(burst.t0).toBe(expected.t0);
    expect(burst.instruments.sort()).toEqual(['ECLAIRs', 'GRM', 'MXT']);
    expect(burst.position.instrument).toBe('MXT');
    expect(burst.position.raDeg).toBeCloseTo(expected.burstPosition.raDeg, 3);
    expect(burst.position.decDeg).toBeCloseTo(expected.burstPosition.decDeg, 3);
    expect(burst.notices.map((n: { name: string }) => n.name).sort()).toEqual([...expected.notices].sort());
    expect(burst.timeline.filter((t: { action: string }) => t.action === 'notice')).toHaveLength(
      expected.notices.length,
    );

    const mxt = burst.notices.find((n: { packetType: number }) => n.packetType === 209);
    const xml = await h.alerts.inject({ url: `/v1/notices/${mxt.id}`, headers: { accept: 'application/xml' } });
    expect(xml.headers['content-type']).toMatch(/^application\/xml/);
    expect(validateVoEventXml(xml.body).valid).toBe(true);
    const event = readVoEventXml(xml.body);
    expect(event.ivorn).toBe(mxt.ivorn);
    expect(event.whereWhen?.position?.c1).toBeCloseTo(expected.burstPosition.raDeg, 4);
    // Citations: every earlier notice of the burst.
    const earlier = burst.notices
      .filter((n: { seq: number }) => n.seq < mxt.seq)
      .map((n: { ivorn: string }) => n.ivorn);
    expect(event.citations?.eventIvorns.map((c) => c.ivorn).sort()).toEqual(earlier.sort());
    const json = await h.alerts.inject({
      url: `/v1/notices/${encodeURIComponent(mxt.ivorn)}`,
      headers: { accept: 'application/json' },
    });
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(validateNoticeJson(json.json()).valid).toBe(true);
    expect((await h.alerts.inject({ url: `/v1/notices/${mxt.id}`, headers: { accept: 'text/html' } })).statusCode).toBe(
      406,
    );
    // A link: what a browser sends as Accept puts XML (q=0.9) before anything (q=0.8), so a link
    // says which form it wants, and that wins over Accept.
    const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8';
    const linked = async (format: string) =>
      h.alerts.inject({ url: `/v1/notices/${mxt.id}?format=${format}`, headers: { accept: browserAccept } });
    expect((await h.alerts.inject({ url: `/v1/notices/${mxt.id}`, headers: { accept: browserAccept } })).body).toBe(
      xml.body,
    );
    const linkedJson = await linked('json');
    expect(linkedJson.headers['content-type']).toMatch(/^application\/json/);
    expect(linkedJson.headers.vary).toBeUndefined();
    expect(linkedJson.json()).toEqual(json.json());
    expect((await linked('xml')).body).toBe(xml.body);
    const badFormat = await linked('html');
    expect(badFormat.statusCode).toBe(400);
    expect(badFormat.json().field).toMatch(/^\/querystring\/format/);
    const missing = await h.alerts.inject({ url: '/v1/notices/sb99999999_vt' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
    expect(missing.json().code).toBe('ALERTS_UNKNOWN_NOTICE');

    const since = await h.alerts.inject({ url: '/v1/notices?since=2020-01-01T00:00:00Z' });
    expect(since.json().notices).toHaveLength(expected.notices.length);
    expect((await h.alerts.inject({ url: '/v1/notices?since=2999-01-01T00:00:00Z' })).json().notices).toHaveLength(0);
  });

  test('redelivery: the same packets again, and posted again, make no new notice', async () => {
    const stream = streamName('VHF', h.prefix);
    const info = await h.jsm.streams.info(stream);
    const js = jetstream(h.nc);
    // Every packet message again, under new Msg-Ids so JetStream stores and delivers them anew.
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await h.jsm.streams.getMessage(stream, { seq });
      if (m === null) throw new Error(`message ${seq} of ${stream} is gone`);
      await js.publish(m.subject, m.data, { msgID: `again-${seq}` });
    }
    await postReceptions(h.ingest, tokens, shuffled(vectors.burst.receptions, 11));
    const last = (await h.jsm.streams.info(stream)).state.last_seq;
    await eventually(
      async () => ((await h.jsm.consumers.info(stream, 'alerts')).ack_floor.stream_seq >= last ? true : false),
      'the consumer to catch up',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await count(h.database, 'alerts.notices')).toBe(expected.notices.length);
    expect(notices.messages).toHaveLength(expected.notices.length);
    expect(vtpEvents).toHaveLength(expected.notices.length);
    expect(await count(h.database, 'alerts.bursts')).toBe(1);
    expect(await count(h.database, 'alerts.outbox')).toBe(0);
  });

  test('/metrics: bursts, notices by name, packets by outcome, the VTP counters', async () => {
    const text = (await h.alerts.inject({ url: '/metrics' })).body;
    /** Values of `name` whose labels include `labels`, e.g. value('alerts_bursts', 'status="active"'). */
    const values = (name: string, labels = '') =>
      text
        .split('\n')
        .filter((line) => line.startsWith(`${name}{`) && line.includes(labels))
        .map((line) => Number(line.split(' ').at(-1)));
    const value = (name: string, labels = '') => values(name, labels).reduce((a, b) => a + b, 0);
    expect(value('alerts_bursts', 'status="active"')).toBe(1);
    expect(values('alerts_notices')).toHaveLength(new Set(expected.notices).size);
    expect(value('alerts_notices')).toBe(expected.notices.length);
    expect(value('alerts_notices', `notice="${expected.notices[0]}"`)).toBeGreaterThanOrEqual(1);
    expect(value('alerts_packets_total', 'outcome="applied"')).toBeGreaterThanOrEqual(1);
    expect(value('alerts_packets_total', 'outcome="duplicate"')).toBeGreaterThanOrEqual(1); // the redelivery above
    expect(value('alerts_vtp_subscribers')).toBe(1);
    expect(value('alerts_vtp_subscriber_events_total', 'kind="sent"')).toBe(expected.notices.length);
    expect(value('alerts_outbox_pending')).toBe(0);
  });

  test('SSE: /v1/stream replays from ?since= then sends new notices live', async () => {
    await h.alerts.listen({ host: '127.0.0.1', port: 0 });
    const { port } = h.alerts.server.address() as { port: number };
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/v1/stream?since=2020-01-01T00:00:00Z`, {
      headers: { accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    const events = () => [...text.matchAll(/^id: (.*)$/gm)].map((m) => m[1]);
    const readUntil = async (n: number) => {
      while (events().length < n) text += new TextDecoder().decode((await reader.read()).value);
    };
    await readUntil(expected.notices.length);
    expect(events().sort()).toEqual(expected.notices.map((n) => `ivo://org.svom/fsc#sb26031401_${n}`).sort());
    expect(text).toContain('event: notice');
    // The data is the notice itself, not the notice's text as a JSON string.
    expect(typeof JSON.parse(/^data: (.*)$/m.exec(text)![1]!)).toBe('object');
    // A notice issued by any instance reaches this stream through NATS.
    const { headers } = await import('@nats-io/transport-node');
    const hdrs = headers();
    hdrs.set('Nats-Msg-Id', 'ivo://org.svom/fsc#sb26031402_grm-trigger');
    h.nc.publish(h.subjects.alerts.notice('grm-trigger'), JSON.stringify({ id: ['sb26031402'] }), { headers: hdrs });
    await readUntil(expected.notices.length + 1);
    expect(events().at(-1)).toBe('ivo://org.svom/fsc#sb26031402_grm-trigger');
    controller.abort();
  });

  test('SSE without ?since: the stream stays open and sends only what comes next', async () => {
    if (!h.alerts.server.listening) await h.alerts.listen({ host: '127.0.0.1', port: 0 });
    const { port } = h.alerts.server.address() as { port: number };
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/v1/stream`, {
      headers: { accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const { headers } = await import('@nats-io/transport-node');
    const hdrs = headers();
    hdrs.set('Nats-Msg-Id', 'ivo://org.svom/fsc#sb26031403_grm-trigger');
    await new Promise((r) => setTimeout(r, 200));
    h.nc.publish(h.subjects.alerts.notice('grm-trigger'), JSON.stringify({ id: ['sb26031403'] }), { headers: hdrs });
    let text = '';
    while (!text.includes('sb26031403')) {
      const chunk = await reader.read();
      expect(chunk.done, 'the stream ended before the live notice').toBe(false);
      text += new TextDecoder().decode(chunk.value);
    }
    expect([...text.matchAll(/^id: (.*)$/gm)].map((m) => m[1])).toEqual(['ivo://org.svom/fsc#sb26031403_grm-trigger']);
    controller.abort();
  });
});
