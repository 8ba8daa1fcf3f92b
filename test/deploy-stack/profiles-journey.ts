// The compose profiles `notify` and `xmpp` as their users meet them in a deployed stack: a
// scientist's email subscription, confirmed by the link in the mail notify writes (as .eml files
// in its notify-mail volume when no SMTP_URL is set), and an astronomer's XMPP account on the
// stack's Prosody, listening with `svom listen --xmpp` to what the gateway publishes.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { expect } from 'vitest';
import { Listener, svom } from './cli-process.js';
import type { ComposeStack } from './compose-stack.js';
import type { DeployedFsc } from './user-journey.js';

const notifyUrl = (fsc: DeployedFsc) => `https://${fsc.host}:8446`;

/** JSON over HTTPS to notify, trusting the stack's certificate. */
function notifyRequest(
  fsc: DeployedFsc,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    request(
      `${notifyUrl(fsc)}${path}`,
      {
        method,
        ca: readFileSync(fsc.ca, 'utf8'),
        timeout: 15_000,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : {} }));
      },
    )
      .on('error', reject)
      .end(payload);
  });
}

/** Every mail notify wrote, raw, quoted-printable soft line breaks undone. */
async function mails(stack: ComposeStack): Promise<string> {
  const raw = await stack.exec('notify', 'sh', '-c', 'cat /var/lib/svom/mail/*.eml 2>/dev/null || true');
  return raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
}

/** A scientist's email subscription to every notice, confirmed through the mail's link. */
export async function confirmedEmailSubscription(
  fsc: DeployedFsc,
  stack: ComposeStack,
  jwtSecret: string,
): Promise<{ id: string; token: string }> {
  const token = (
    await svom(['user', 'token', '--name', 'deploy-astronomer', '--role', 'scientist'], { JWT_SECRET: jwtSecret })
  ).trim();
  const created = await notifyRequest(fsc, 'POST', '/v1/subscriptions', token, {
    name: 'every SVOM notice',
    channel: { type: 'email', address: 'astronomer@example.org' },
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const id = String(created.json.id);
  expect(created.json.status).toBe('pending-confirmation');
  const link = new RegExp(`https://[^\\s/]+(/v1/subscriptions/${id}/confirm\\?token=[\\w-]+)`);
  let confirm: string | undefined;
  await expect
    .poll(async () => (confirm = link.exec(await mails(stack))?.[1]), { timeout: 60_000, interval: 1000 })
    .toBeTruthy();
  const confirmed = await notifyRequest(fsc, 'GET', confirm!, undefined);
  expect(confirmed.status, JSON.stringify(confirmed.json)).toBe(200);
  expect(confirmed.json.status).toBe('active');
  return { id, token };
}

/** The subscription's deliveries: every notice mailed once the bursts are in. */
export async function noticesMailed(
  fsc: DeployedFsc,
  stack: ComposeStack,
  subscription: { id: string; token: string },
): Promise<number> {
  let delivered = 0;
  await expect
    .poll(
      async () => {
        const history = await notifyRequest(
          fsc,
          'GET',
          `/v1/subscriptions/${subscription.id}/deliveries`,
          subscription.token,
        );
        // DeliveryList in openapi/notify.json
        const items = (history.json.deliveries ?? []) as Array<{ status: string }>;
        delivered = items.filter((d) => d.status === 'delivered').length;
        return delivered;
      },
      { timeout: 90_000, interval: 2000 },
    )
    .toBeGreaterThan(0);
  // The mails themselves, in the volume: the confirmation and at least one notice.
  expect((await mails(stack)).match(/^Subject:/gm)?.length ?? 0).toBeGreaterThan(1);
  return delivered;
}

/**
 * An XMPP account made on the stack's Prosody, and `svom listen --xmpp` with it, trusting the
 * stack's certificate (Prosody serves the one tls-init made).
 */
export async function xmppListener(stack: ComposeStack, domain: string, ca: string): Promise<Listener> {
  const password = randomBytes(12).toString('hex');
  const prosodyctl = ['prosodyctl', '--config', '/etc/svom/prosody.cfg.lua'];
  await stack.exec('prosody', ...prosodyctl, 'register', 'astronomer', domain, password);
  return new Listener([
    '--xmpp',
    `astronomer@${domain}`,
    '--password',
    password,
    '--xmpp-service',
    'xmpps://127.0.0.1:5223',
    '--ca',
    ca,
  ]);
}
