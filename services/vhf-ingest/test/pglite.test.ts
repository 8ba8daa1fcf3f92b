import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addStation, count, eventually, post, startIngest, streamMessages, vectors, type Harness } from './helper.js';

// `npm start` runs on embedded PGlite: the ingest's statements must behave the same there.
describe('the ingest on embedded PGlite', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startIngest({ pglite: true });
  });
  afterAll(() => h?.close());

  test('the relayed burst gives its distinct packets once, and posted again nothing new', async () => {
    const receptions = vectors.burst.receptions as Array<{ stationId: string }>;
    const tokens = new Map<string, string>();
    for (const id of new Set(receptions.map((r) => r.stationId))) tokens.set(id, await addStation(h.app, id));
    const postAll = () => Promise.all(receptions.map((r) => post(h.app, tokens.get(r.stationId)!, [r])));
    const first = (await postAll()).map((r) => r.json().results[0]);
    expect(first.filter((r) => r.status === 'accepted')).toHaveLength(vectors.burst.expect.frames);
    // Posted again: each answered as the first time, marked, and stored once.
    const again = (await postAll()).map((r) => r.json().results[0]);
    expect(again).toEqual(first.map((r) => ({ ...r, alreadyRecorded: true })));
    expect(await count(h.database, 'vhf.packets')).toBe(vectors.burst.expect.frames);
    expect(await count(h.database, 'vhf.receptions')).toBe(receptions.length);
    await eventually(
      async () => (await streamMessages(h.jsm, h.prefix)).length === vectors.burst.expect.frames,
      'the packets on JetStream',
    );
    const packet = (await h.app.inject({ url: '/v1/packets?limit=1' })).json().packets[0];
    expect(Buffer.from(packet.frame, 'base64').length).toBeGreaterThan(15);
    // A damaged frame is kept with its bytes and its code on PGlite too.
    const damaged = vectors.frames.rejected.find((r: { code: string }) => r.code === 'CRC_MISMATCH');
    const station = receptions[0]!.stationId;
    const res = await post(h.app, tokens.get(station)!, [
      {
        stationId: station,
        receivedAt: '2026-03-14T02:10:30.000Z',
        frame: Buffer.from(damaged.hex, 'hex').toString('base64'),
      },
    ]);
    expect(res.json().results[0].error.code).toBe('CRC_MISMATCH');
    const stored = (await h.app.inject({ url: '/v1/rejections?code=CRC_MISMATCH' })).json().rejections[0];
    expect(Buffer.from(stored.frame, 'base64').toString('hex')).toBe(damaged.hex);
  });
});
