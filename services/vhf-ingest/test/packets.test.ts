import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  addStation,
  count,
  eventually,
  hexToBase64,
  platformFrame,
  post,
  startIngest,
  streamMessages,
  vectors,
  type Harness,
} from './helper.js';

const lightCurve: string[] = vectors.frames.frames.find((f: { name: string }) => f.name === 'light-curve').multiFrame;

describe('packets, conflicts, multi-frame messages and stations', () => {
  let h: Harness;
  let token: string;
  let other: string;
  beforeAll(async () => {
    h = await startIngest({ settings: { INCOMPLETE_AFTER_S: 1, STATION_SILENT_AFTER_S: 1 } });
    token = await addStation(h.app, 'PK1');
    other = await addStation(h.app, 'PK2');
  });
  afterAll(() => h?.close());

  test('same key, other bytes, good CRC: a conflict, kept and flagged, never published twice', async () => {
    const obt = new Date(Date.UTC(2026, 2, 1, 10, 0, 0));
    const original = platformFrame(42, obt);
    const altered = platformFrame(42, obt, 1);
    expect(altered).not.toBe(original);
    const first = await post(h.app, token, [
      { stationId: 'PK1', receivedAt: '2026-03-01T10:00:05.000Z', frame: original },
    ]);
    const key = first.json().results[0].packetKey;
    const second = await post(h.app, other, [
      { stationId: 'PK2', receivedAt: '2026-03-01T10:00:06.000Z', frame: altered },
    ]);
    expect(second.json().results[0]).toEqual({ status: 'accepted', packetKey: key, conflict: true });
    const packet = (await h.app.inject({ url: `/v1/packets/${key}` })).json();
    expect(packet.frame).toBe(original);
    expect(packet.receptions.map((r: { conflict: boolean }) => r.conflict)).toEqual([false, true]);
    expect(packet.receptions[1].frame).toBe(altered);
    await new Promise((r) => setTimeout(r, 300));
    expect((await streamMessages(h.jsm, h.prefix)).filter((m) => m.data.key === key)).toHaveLength(1);
  });

  test('a light curve missing a frame is recorded incomplete with its missing count, never published whole', async () => {
    const [f0, , f2, f3] = lightCurve;
    const res = await post(
      h.app,
      token,
      [f3!, f0!, f2!].map((hex) => ({
        stationId: 'PK1',
        receivedAt: '2026-02-11T19:24:40.000Z',
        frame: hexToBase64(hex),
      })),
    );
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    await new Promise((r) => setTimeout(r, 1200));
    await h.app.runtime.reassembler.sweep(1);
    const messages = (await h.app.inject({ url: '/v1/messages?status=incomplete' })).json().messages;
    expect(messages).toHaveLength(1);
    const firstCount = Buffer.from(f0!, 'hex').readUInt16BE(2) & 0x3fff;
    expect(messages[0]).toMatchObject({ firstCount, missingCounts: [firstCount + 1] });
    // The missing frame arrives late: the message stays incomplete and is not published.
    await post(h.app, token, [
      { stationId: 'PK1', receivedAt: '2026-02-11T19:35:00.000Z', frame: hexToBase64(lightCurve[1]!) },
    ]);
    await h.app.runtime.reassembler.sweep(1);
    expect((await h.app.inject({ url: '/v1/messages?status=complete' })).json().messages).toHaveLength(0);
    expect((await streamMessages(h.jsm, h.prefix)).filter((m) => m.data.kind === 'message')).toHaveLength(0);
  });

  test('packets page with a cursor, newest OBT first, and filter by APID', async () => {
    const frames = Array.from({ length: 5 }, (_, i) => ({
      stationId: 'PK1',
      receivedAt: '2026-03-02T00:00:10.000Z',
      frame: platformFrame(200 + i, new Date(Date.UTC(2026, 2, 2, 0, 0, i))),
    }));
    await post(h.app, token, frames);
    const page1 = (await h.app.inject({ url: '/v1/packets?apid=784&since=2026-03-02T00:00:00Z&limit=3' })).json();
    expect(page1.packets).toHaveLength(3);
    expect(page1.packets.map((p: { sequenceCount: number }) => p.sequenceCount)).toEqual([204, 203, 202]);
    const page2 = (
      await h.app.inject({ url: `/v1/packets?apid=784&since=2026-03-02T00:00:00Z&limit=3&cursor=${page1.nextCursor}` })
    ).json();
    expect(page2.packets.map((p: { sequenceCount: number }) => p.sequenceCount)).toEqual([201, 200]);
    expect(page2.nextCursor).toBeNull();
    const bad = await h.app.inject({ url: '/v1/packets?cursor=nonsense' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('/querystring/cursor');
  });

  test('station health: counts, duplicates, rejections by code, latency and RSSI; silence is announced', async () => {
    const receivedAt = '2026-03-03T00:00:07.000Z';
    const frame = platformFrame(300, new Date(Date.UTC(2026, 2, 3, 0, 0, 0)));
    const damaged = hexToBase64(vectors.frames.rejected.find((r: { code: string }) => r.code === 'CRC_MISMATCH').hex);
    await post(h.app, other, [
      { stationId: 'PK2', receivedAt, frame, rssiDbm: -100 },
      // The frame sent again by the satellite, heard again: a second reception, a duplicate.
      { stationId: 'PK2', receivedAt: '2026-03-03T00:00:09.000Z', frame, rssiDbm: -110 },
      { stationId: 'PK2', receivedAt, frame: damaged, rssiDbm: -120 },
    ]);
    const health = (await h.app.inject({ url: '/v1/stations/PK2' })).json();
    expect(health.lastHour).toMatchObject({
      receptions: 4,
      packets: 2,
      duplicates: 1,
      rejections: { CRC_MISMATCH: 1 },
    });
    expect(health.lastHour.latencyP50Ms).toBeGreaterThan(0);
    expect(health.lastHour.medianRssiDbm).toBe(-110);
    expect((await h.app.inject({ url: '/v1/stations/NOPE' })).statusCode).toBe(404);

    const sub = h.nc.subscribe(`${h.prefix}.svom.vhf.station.PK2`);
    const events: Array<{ status: string }> = [];
    void (async () => {
      for await (const m of sub) events.push(m.json());
    })();
    await eventually(
      async () => (await count(h.database, 'vhf.stations', `id = 'PK2' and last_heard_at is not null`)) === 1,
      'PK2 heard',
    );
    await new Promise((r) => setTimeout(r, 1200));
    expect(await h.app.runtime.monitor.checkSilence()).toContain('PK2');
    await eventually(async () => events.some((e) => e.status === 'silent'), 'a silence event');
    expect(await h.app.runtime.monitor.report()).toBe(2);
    await eventually(async () => events.length >= 2, 'the periodic report');
    sub.unsubscribe();
  });
});

describe('settings', () => {
  test('receptions are rate-limited per station, not per address', async () => {
    const h = await startIngest({ settings: { RECEPTION_REQUESTS_PER_MINUTE: 3 } });
    try {
      const [a, b] = [await addStation(h.app, 'RL1'), await addStation(h.app, 'RL2')];
      const one = (id: string, n: number) => [
        {
          stationId: id,
          receivedAt: '2026-03-05T00:00:07.000Z',
          frame: platformFrame(n, new Date(Date.UTC(2026, 2, 5, 0, 0, n))),
        },
      ];
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await post(h.app, a, one('RL1', i))).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await post(h.app, a, one('RL1', 9));
      expect(limited.json().code).toBe('FSC_RATE_LIMITED');
      expect((await post(h.app, b, one('RL2', 10))).statusCode).toBe(200);
    } finally {
      await h.close();
    }
  });

  test('settings a test leaves out are the documented defaults of config.ts, and the app answers', async () => {
    const { loadIngestConfig } = await import('../src/config.js');
    const h = await startIngest({ settings: {} });
    try {
      expect(h.app.runtime.settings.WRITE_CONCURRENCY).toBe(loadIngestConfig({}).WRITE_CONCURRENCY);
      const token = await addStation(h.app, 'DF1');
      const res = await post(h.app, token, [
        {
          stationId: 'DF1',
          receivedAt: '2026-03-04T00:00:07.000Z',
          frame: platformFrame(7, new Date(Date.UTC(2026, 2, 4))),
        },
      ]);
      expect(res.json().results[0].status).toBe('accepted');
    } finally {
      await h.close();
    }
  });
});
