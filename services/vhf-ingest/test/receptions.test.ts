import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  addStation,
  count,
  eventually,
  hexToBase64,
  post,
  shuffled,
  startIngest,
  streamMessages,
  vectors,
  type Harness,
} from './helper.js';

describe('POST /v1/receptions on the real PostgreSQL and JetStream', () => {
  let h: Harness;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    h = await startIngest();
    const stations = [
      ...new Set<string>(vectors.burst.receptions.map((r: { stationId: string }) => r.stationId)),
      'TST1',
    ];
    for (const id of stations) tokens[id] = await addStation(h.app, id);
  });
  afterAll(() => h?.close());

  test('every vector frame is accepted and every damaged one gets its ICD code', async () => {
    const good = vectors.frames.frames.flatMap((f: { hex?: string; multiFrame?: string[] }) =>
      f.hex ? [f.hex] : f.multiFrame!,
    );
    const bad = vectors.frames.rejected as Array<{ code: string; hex: string }>;
    const receivedAt = '2026-02-11T19:24:40.000Z';
    const res = await post(
      h.app,
      tokens.TST1!,
      [...good, ...bad.map((b) => b.hex)].map((hex) => ({
        stationId: 'TST1',
        receivedAt,
        frame: hexToBase64(hex),
        rssiDbm: -110,
      })),
    );
    expect(res.statusCode).toBe(200);
    const results = res.json().results;
    expect(results.slice(0, good.length).map((r: { status: string }) => r.status)).toEqual(good.map(() => 'accepted'));
    expect(results.slice(good.length).map((r: { error: { code: string } }) => r.error.code)).toEqual(
      bad.map((b) => b.code),
    );
    // Rejected receptions are kept with their bytes and reason.
    expect(await count(h.database, 'vhf.receptions', `status = 'rejected' and station_id = 'TST1'`)).toBe(bad.length);
    const crc = await h.app.inject({ url: '/v1/rejections?code=CRC_MISMATCH' });
    expect(crc.json().rejections[0].frame).toBe(hexToBase64(bad.find((b) => b.code === 'CRC_MISMATCH')!.hex));

    // The decoded ECLAIRs alert is stored and published with its fields.
    const alert = vectors.frames.frames[0];
    const list = await h.app.inject({ url: '/v1/packets?source=eclairs&message=alert' });
    const stored = list.json().packets[0];
    expect(stored.fields.alertSequenceId).toBe(alert.fields.alertSequenceId);
    expect(stored.fields.thetaDeg).toBeCloseTo(alert.fields.thetaDeg, 6);
    const published = await eventually(
      async () => (await streamMessages(h.jsm, h.prefix)).find((m) => m.data.key === stored.key),
      'the alert on JetStream',
    );
    expect(published.subject).toBe(`${h.prefix}.svom.vhf.packet.eclairs.alert`);
    expect(published.data.fields.triggerTime).toBe(alert.fields.triggerTime);

    // The light curve, its 4 frames in, is published once as a whole message.
    const lc = await eventually(
      async () => (await streamMessages(h.jsm, h.prefix)).find((m) => m.subject.endsWith('.eclairs.light-curve')),
      'the light curve',
    );
    expect(lc.data.kind).toBe('message');
    expect(lc.data.fields.bins).toBe(150);
    const counts = lc.data.fields.counts as number[][];
    expect(counts.flat().reduce((a, b) => a + b, 0)).toBe(
      vectors.frames.frames.find((f: { name: string }) => f.name === 'light-curve').fields.countsTotal,
    );
  });

  test('burst-relayed.json in random concurrent batches gives its distinct packets exactly once', async () => {
    const receptions = vectors.burst.receptions as Array<{ stationId: string }>;
    const before = await streamMessages(h.jsm, h.prefix);
    const postAll = async (seed: number) => {
      const order = shuffled(receptions, seed);
      const batches: Array<typeof receptions> = [];
      for (let i = 0; i < order.length; ) {
        const size = 1 + ((seed * 7 + i) % 4);
        batches.push(order.slice(i, i + size));
        i += size;
      }
      // A batch holds one station's receptions: group by station inside each slice.
      const requests = batches.flatMap((batch) => {
        const byStation = new Map<string, typeof receptions>();
        for (const r of batch) byStation.set(r.stationId, [...(byStation.get(r.stationId) ?? []), r]);
        return [...byStation].map(([station, rs]) => post(h.app, tokens[station]!, rs));
      });
      return Promise.all(requests);
    };
    const first = await postAll(1);
    expect(first.every((r) => r.statusCode === 200)).toBe(true);
    const statuses = first.flatMap((r) => r.json().results.map((x: { status: string }) => x.status));
    expect(statuses.filter((s) => s === 'accepted')).toHaveLength(vectors.burst.expect.frames);
    const keys = new Set(
      first.flatMap((r) =>
        r
          .json()
          .results.filter((x: { packetKey?: string }) => x.packetKey)
          .map((x: { packetKey: string }) => x.packetKey),
      ),
    );
    expect(keys.size).toBe(vectors.burst.expect.frames);
    const inList = `packet_key in (${[...keys].map((k) => `'${k}'`).join(',')})`;
    expect(await count(h.database, 'vhf.packets', inList)).toBe(vectors.burst.expect.frames);
    expect(await count(h.database, 'vhf.receptions', inList)).toBe(receptions.length);

    const published = async () => (await streamMessages(h.jsm, h.prefix)).filter((m) => keys.has(m.data.key));
    await eventually(async () => (await published()).length === keys.size, 'the burst packets on JetStream');

    // The same receptions again, in another order: each answered as the first time (marked as
    // already recorded), nothing new anywhere.
    const again = await postAll(2);
    expect(again.every((r) => r.statusCode === 200)).toBe(true);
    const resultsAgain = again.flatMap((r) => r.json().results);
    expect(resultsAgain.every((x: { alreadyRecorded?: boolean }) => x.alreadyRecorded === true)).toBe(true);
    expect(resultsAgain.filter((x: { status: string }) => x.status === 'accepted')).toHaveLength(
      vectors.burst.expect.frames,
    );
    expect(await count(h.database, 'vhf.receptions', inList)).toBe(receptions.length);
    await new Promise((r) => setTimeout(r, 300));
    expect((await published()).length).toBe(keys.size);
    expect(await count(h.database, 'vhf.packets', inList)).toBe(vectors.burst.expect.frames);
    expect((await streamMessages(h.jsm, h.prefix)).length).toBe(before.length + keys.size);
    expect(await count(h.database, 'vhf.outbox')).toBe(0);

    // A packet several stations heard lists each of their receptions, once.
    const heard = new Map<string, number>();
    for (const r of first.flatMap((x) => x.json().results as Array<{ packetKey?: string }>))
      if (r.packetKey) heard.set(r.packetKey, (heard.get(r.packetKey) ?? 0) + 1);
    const [often, times] = [...heard].sort((a, b) => b[1] - a[1])[0]!;
    expect(times).toBeGreaterThanOrEqual(2);
    const one = await h.app.inject({ url: `/v1/packets/${often}` });
    expect(one.json().receptions.length).toBe(times);
  });

  test('bad requests are problem+json and store nothing', async () => {
    const stored = await count(h.database, 'vhf.receptions');
    const frame = hexToBase64(vectors.frames.frames[1].hex);
    const one = { stationId: 'TST1', receivedAt: '2026-02-11T19:24:40.000Z', frame };
    const cases = [
      {
        name: 'malformed JSON',
        req: {
          headers: { authorization: `Bearer ${tokens.TST1}`, 'content-type': 'application/json' },
          payload: '{"receptions": [',
        },
        status: 400,
        code: 'FSC_MALFORMED_JSON',
      },
      {
        name: 'over 1000',
        req: {
          headers: { authorization: `Bearer ${tokens.TST1}` },
          payload: { receptions: Array.from({ length: 1001 }, () => one) },
        },
        status: 413,
        code: 'VHF_BATCH_TOO_LARGE',
      },
      {
        name: 'foreign station',
        req: { headers: { authorization: `Bearer ${tokens.DAR1}` }, payload: { receptions: [one] } },
        status: 403,
        code: 'VHF_FOREIGN_STATION',
        field: '/body/receptions/0/stationId',
      },
      { name: 'missing token', req: { payload: { receptions: [one] } }, status: 401, code: 'VHF_MISSING_TOKEN' },
      {
        name: 'unknown token',
        req: { headers: { authorization: 'Bearer vhf_nope' }, payload: { receptions: [one] } },
        status: 401,
        code: 'VHF_BAD_TOKEN',
      },
      {
        name: 'bad field',
        req: {
          headers: { authorization: `Bearer ${tokens.TST1}` },
          payload: { receptions: [{ ...one, receivedAt: 'yesterday' }] },
        },
        status: 400,
        code: 'FSC_VALIDATION',
        field: '/body/receptions/0/receivedAt',
      },
      {
        name: 'empty batch',
        req: { headers: { authorization: `Bearer ${tokens.TST1}` }, payload: { receptions: [] } },
        status: 400,
        code: 'FSC_VALIDATION',
      },
    ];
    for (const c of cases) {
      const res = await h.app.inject({ method: 'POST', url: '/v1/receptions', ...c.req });
      expect(res.statusCode, c.name).toBe(c.status);
      expect(res.headers['content-type'], c.name).toContain('application/problem+json');
      expect(res.json().code, c.name).toBe(c.code);
      if (c.field) expect(res.json().field, c.name).toBe(c.field);
    }
    expect(await count(h.database, 'vhf.receptions')).toBe(stored);
  });
});
