import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadNotifyConfig } from '../src/config.js';
import { checkWebhookUrl, refusedAddress, refusedUrl, webhookTargetPolicy } from '../src/delivery/webhook-target.js';
import { scientistAuth, startNotify, startReceiver, type Harness } from './helper.js';

// Server-side request forgery: a person's webhook must not make the FSC call its own network.

const strict = webhookTargetPolicy({
  WEBHOOK_ALLOW_PRIVATE: false,
  WEBHOOK_ALLOWED_CIDRS: '',
  WEBHOOK_HTTPS_ONLY: false,
});

/** One URL per refused class, as a person could type it. */
const REFUSED_URLS: Array<[string, RegExp]> = [
  ['http://127.0.0.1:5432/', /loopback/],
  ['http://[::1]:8222/varz', /loopback/],
  ['http://2130706433/', /loopback/], // 127.0.0.1 in decimal, normalised by the URL parser
  ['http://0x7f.1/', /loopback/],
  ['http://10.1.2.3/hook', /RFC 1918/],
  ['http://172.16.0.1/hook', /RFC 1918/],
  ['http://192.168.1.10/hook', /RFC 1918/],
  ['http://[fd12:3456::1]/hook', /unique local/],
  ['http://169.254.169.254/latest/meta-data/', /link-local/],
  ['http://[fe80::1]/hook', /link-local/],
  ['http://100.64.0.1/hook', /carrier-grade NAT/],
  ['http://0.0.0.0:8446/', /unspecified/],
  ['http://[::]/', /unspecified/],
  ['http://224.0.0.1/', /multicast/],
  ['http://[ff02::1]/', /multicast/],
  ['http://255.255.255.255/', /reserved or broadcast/],
  ['http://[::ffff:127.0.0.1]/', /loopback/],
  ['http://[::ffff:a9fe:a9fe]/', /link-local/], // 169.254.169.254, IPv4-mapped
  ['http://[::ffff:10.0.0.1]/', /RFC 1918/],
  ['http://[64:ff9b::7f00:1]/', /NAT64/],
  ['https://localhost:8443/v1/bursts', /localhost resolves to .*loopback/],
];

describe('webhook targets: the policy', () => {
  test.each(REFUSED_URLS)('%s is refused', async (url, why) => {
    expect(await checkWebhookUrl(url, strict)).toMatch(why);
  });

  test('public addresses pass, in every form; a private one passes when allowed or listed', () => {
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '::ffff:8.8.8.8'])
      expect(refusedAddress(address, strict), address).toBeUndefined();
    const open = webhookTargetPolicy({
      WEBHOOK_ALLOW_PRIVATE: true,
      WEBHOOK_ALLOWED_CIDRS: '',
      WEBHOOK_HTTPS_ONLY: false,
    });
    expect(refusedAddress('127.0.0.1', open)).toBeUndefined();
    const lan = webhookTargetPolicy({
      WEBHOOK_ALLOW_PRIVATE: false,
      WEBHOOK_ALLOWED_CIDRS: ' 10.20.0.0/16 , fd00:1::/64,192.168.7.7',
      WEBHOOK_HTTPS_ONLY: false,
    });
    expect(refusedAddress('10.20.3.4', lan)).toBeUndefined();
    expect(refusedAddress('::ffff:10.20.3.4', lan)).toBeUndefined();
    expect(refusedAddress('fd00:1::5', lan)).toBeUndefined();
    expect(refusedAddress('192.168.7.7', lan)).toBeUndefined();
    expect(refusedAddress('192.168.7.8', lan)).toMatch(/RFC 1918/);
    expect(refusedAddress('10.21.0.1', lan)).toMatch(/RFC 1918/);
    expect(refusedAddress('127.0.0.1', lan)).toMatch(/loopback/);
  });

  test('http(s) only; https only when asked', () => {
    expect(refusedUrl(new URL('ftp://example.org/'), strict)).toMatch(/http\(s\)/);
    expect(refusedUrl(new URL('file:///etc/passwd'), strict)).toMatch(/http\(s\)/);
    const httpsOnly = webhookTargetPolicy({
      WEBHOOK_ALLOW_PRIVATE: false,
      WEBHOOK_ALLOWED_CIDRS: '',
      WEBHOOK_HTTPS_ONLY: true,
    });
    expect(refusedUrl(new URL('http://93.184.215.14/'), httpsOnly)).toMatch(/WEBHOOK_HTTPS_ONLY/);
    expect(refusedUrl(new URL('https://93.184.215.14/'), httpsOnly)).toBeUndefined();
  });

  test('the default: allowed in development, refused with NODE_ENV=production; a bad CIDR is named', () => {
    expect(loadNotifyConfig({}).WEBHOOK_ALLOW_PRIVATE).toBe(true);
    expect(loadNotifyConfig({ NODE_ENV: 'production' }).WEBHOOK_ALLOW_PRIVATE).toBe(false);
    expect(loadNotifyConfig({ NODE_ENV: 'production', WEBHOOK_ALLOW_PRIVATE: 'true' }).WEBHOOK_ALLOW_PRIVATE).toBe(
      true,
    );
    expect(loadNotifyConfig({ WEBHOOK_ALLOW_PRIVATE: 'false' }).WEBHOOK_ALLOW_PRIVATE).toBe(false);
    for (const bad of ['10.0.0.0/33', 'example.org/8', '10.0.0.0/8/1', 'fd00::/129'])
      expect(() =>
        webhookTargetPolicy({ WEBHOOK_ALLOW_PRIVATE: false, WEBHOOK_ALLOWED_CIDRS: bad, WEBHOOK_HTTPS_ONLY: false }),
      ).toThrow(/WEBHOOK_ALLOWED_CIDRS/);
  });
});

describe('webhook targets: the service refuses them when made and when sent', () => {
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  /** What a rebound name would reach: a receiver on 127.0.0.1, which must hear nothing. */
  let local: Awaited<ReturnType<typeof startReceiver>>;
  const secret = 'a-webhook-secret-of-32-characters';

  beforeAll(async () => {
    // 127.0.0.2 is a loopback address too (Linux answers the whole 127/8): the one allowed here.
    receiver = await startReceiver(() => secret, undefined, '127.0.0.2');
    local = await startReceiver(() => secret);
    h = await startNotify({ WEBHOOK_ALLOW_PRIVATE: false, WEBHOOK_ALLOWED_CIDRS: '127.0.0.2/32' });
  });
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
    await local?.close();
  });

  const subscribe = (url: string) =>
    h.app.inject({
      method: 'POST',
      url: '/v1/subscriptions',
      headers: scientistAuth('mallory'),
      payload: { name: `to ${url}`, channel: { type: 'webhook', url, secret } },
    });

  test('each refused class: 422 problem+json naming /body/channel/url, nothing stored', async () => {
    for (const [url, why] of REFUSED_URLS) {
      const res = await subscribe(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(422);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json()).toMatchObject({
        code: 'NOTIFY_WEBHOOK_TARGET_REFUSED',
        field: '/body/channel/url',
        title: 'Unprocessable Content',
      });
      expect(res.json().detail, url).toMatch(why);
    }
    const listed = await h.app.inject({ url: '/v1/subscriptions', headers: scientistAuth('mallory') });
    expect(listed.json().subscriptions).toEqual([]);
  });

  test('a changed URL is checked as a new one: refused with 422 naming /body/channel/url, the old one kept', async () => {
    const made = (await subscribe('https://93.184.215.14/hook')).json();
    const changed = await h.app.inject({
      method: 'PATCH',
      url: `/v1/subscriptions/${made.id}`,
      headers: scientistAuth('mallory'),
      payload: { channel: { url: 'http://169.254.169.254/latest/meta-data/' } },
    });
    expect(changed.statusCode, changed.body).toBe(422);
    expect(changed.json()).toMatchObject({ code: 'NOTIFY_WEBHOOK_TARGET_REFUSED', field: '/body/channel/url' });
    const kept = await h.app.inject({ url: `/v1/subscriptions/${made.id}`, headers: scientistAuth('mallory') });
    expect(kept.json().channel.url).toBe('https://93.184.215.14/hook');
    await h.app.inject({ method: 'DELETE', url: `/v1/subscriptions/${made.id}`, headers: scientistAuth('mallory') });
  });

  test('a public address, a name that does not resolve yet, and the allowed CIDR are accepted', async () => {
    expect((await subscribe('https://93.184.215.14/hook')).statusCode).toBe(201);
    expect((await subscribe('https://hook.invalid/x')).statusCode).toBe(201);
    const allowed = await subscribe(receiver.url('/allowed'));
    expect(allowed.statusCode, allowed.body).toBe(201);
    const test = await h.app.inject({
      method: 'POST',
      url: `/v1/subscriptions/${allowed.json().id}/test`,
      headers: scientistAuth('mallory'),
    });
    expect(test.json()).toMatchObject({ kind: 'test', status: 'delivered', lastHttpStatus: 200 });
    expect(receiver.accepted.filter((r) => r.path === '/allowed')).toHaveLength(1);
  });

  test('checked again when sent: a target that now resolves to loopback is a failed delivery, never retried', async () => {
    for (const [path, rebound] of [
      ['/by-name', `http://localhost:${local.port}/by-name`],
      ['/by-literal', `http://127.0.0.1:${local.port}/by-literal`],
      ['/mapped', `http://[::ffff:127.0.0.1]:${local.port}/mapped`],
    ] as const) {
      const made = await subscribe(receiver.url(path));
      expect(made.statusCode, made.body).toBe(201);
      const id = made.json().id as string;
      // What a DNS change does to a name checked at creation: the same subscription now leads
      // to 127.0.0.1, where a receiver listens (a send would be seen).
      await sql`update notify.subscriptions set channel = jsonb_set(channel, '{url}', to_jsonb(${rebound}::text)) where id = ${id}`.execute(
        h.database.db,
      );
      const res = await h.app.inject({
        method: 'POST',
        url: `/v1/subscriptions/${id}/test`,
        headers: scientistAuth('mallory'),
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json(), rebound).toMatchObject({
        kind: 'test',
        status: 'failed',
        attempts: 1,
        lastHttpStatus: null,
        lastError: expect.stringMatching(/^refused: .*loopback/),
      });
      // Retries would come every 100-400 ms (RETRY_BASE_MS): none comes.
      await new Promise((resolve) => setTimeout(resolve, 600));
      const [delivery] = (
        await h.app.inject({ url: `/v1/subscriptions/${id}/deliveries`, headers: scientistAuth('mallory') })
      ).json().deliveries;
      expect(delivery).toMatchObject({ status: 'failed', attempts: 1 });
    }
    expect(local.received).toEqual([]);
    expect(receiver.received.filter((r) => r.path !== '/allowed')).toEqual([]);
  });
});
