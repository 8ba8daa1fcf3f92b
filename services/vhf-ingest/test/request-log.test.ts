import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addStation, hexToBase64, post, startIngest, vectors, type Harness } from './helper.js';

// Issue 15: POST /v1/receptions, the hot route, logs its successes at debug (one in
// REQUEST_LOG_SAMPLE at info); a reception refused is still logged at info.
describe('request logs of POST /v1/receptions', () => {
  let h: Harness;
  let token: string;
  const lines: Array<{ level: number; msg: string; req?: { url: string }; res?: { statusCode: number } }> = [];

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const text of String(chunk).split('\n')) if (text) lines.push(JSON.parse(text));
        done();
      },
    });
    h = await startIngest({ logger: { level: 'info', stream } });
    token = await addStation(h.app, 'LOG1');
  });
  afterAll(() => h?.close());

  const reception = () => ({
    stationId: 'LOG1',
    receivedAt: new Date().toISOString(),
    frame: hexToBase64(vectors.frames.frames[0].hex),
    rssiDbm: -100,
  });
  const receptionLines = (from: number) => lines.slice(from).filter((l) => l.req?.url === '/v1/receptions');

  test('a reception recorded: nothing at info', async () => {
    const from = lines.length;
    const res = await post(h.app, token, [reception()]);
    expect(res.statusCode).toBe(200);
    expect(lines.slice(from).filter((l) => l.level >= 30)).toEqual([]);
  });

  test('a request refused (bad body, bad token): logged at info with its status', async () => {
    let from = lines.length;
    const bad = await post(h.app, token, [{ ...reception(), rssiDbm: 'loud' }]);
    expect(bad.statusCode).toBe(400);
    expect(receptionLines(from)).toMatchObject([{ level: 30, msg: 'request completed', res: { statusCode: 400 } }]);
    from = lines.length;
    const stranger = await post(h.app, 'not-a-station-token', [reception()]);
    expect(stranger.statusCode).toBe(401);
    expect(receptionLines(from)).toMatchObject([{ level: 30, msg: 'request completed', res: { statusCode: 401 } }]);
  });
});
