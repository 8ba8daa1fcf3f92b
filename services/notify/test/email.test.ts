import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  eventually,
  parseMail,
  publishNotice,
  scientistAuth,
  startNotify,
  startSmtpSink,
  type Harness,
} from './helper.js';
import { mxtInitial, mxtUpdate, retraction, slewing } from './notices.js';

// A burst of 2026-01-15 at 14:58 UTC, seen from Calern (the TAROT site) at night.
const T0 = '2026-01-15T20:58:12.340Z';
const SITE = { latitudeDeg: 43.75, longitudeDeg: 6.92, altitudeM: 1270, horizonDeg: 15 };
/** Two minutes after T0: the position is 75° up, the Sun far below. */
const SKY_AT = '2026-01-15T21:00:12.340Z';
const POSITION = { raDeg: 97.1, decDeg: 40.2, errorRadiusDeg: 0.0056 };

describe('email through a real SMTP server (aiosmtpd)', () => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    h = await startNotify({ SMTP_URL: smtp.url, COLLAPSE_S: 3 }, { skyClock: () => new Date(SKY_AT) });
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  const mailsTo = (address: string) =>
    smtp
      .mails()
      .map(parseMail)
      .filter((m) => m.headers.get('to')?.includes(address));

  test('confirmation first, then notices with position, visibility and one-click unsubscribe', async () => {
    const address = 'tarot@obs.example';
    const created = await h.app.inject({
      method: 'POST',
      url: '/v1/subscriptions',
      headers: scientistAuth('tarot-team'),
      payload: {
        name: 'MXT positions for TAROT',
        filter: { types: ['mxt', 'slewing'] },
        site: SITE,
        channel: { type: 'email', address },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const sub = created.json();
    expect(sub.status).toBe('pending-confirmation');

    // Nothing but the confirmation before the address is confirmed.
    await publishNotice(h, slewing('sb26011530', T0, POSITION));
    const [confirmation] = await eventually(
      () => mailsTo(address).length >= 1 && mailsTo(address),
      'the confirmation mail',
    );
    expect(confirmation!.headers.get('subject')).toContain('Confirm');
    const link = confirmation!.body.split('\n').find((line) => line.startsWith('https://notify.test/'));
    expect(link).toMatch(new RegExp(`^https://notify.test/v1/subscriptions/${sub.id}/confirm\\?token=[\\w-]+$`));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mailsTo(address)).toHaveLength(1);

    // A forged token is refused; the link itself confirms.
    const forged = await h.app.inject({ url: `/v1/subscriptions/${sub.id}/confirm?token=${'x'.repeat(43)}` });
    expect(forged.statusCode).toBe(403);
    const confirmed = await h.app.inject({ url: new URL(link!).pathname + new URL(link!).search });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().status).toBe('active');

    await publishNotice(h, mxtInitial('sb26011531', T0, POSITION));
    const mail = (await eventually(() => mailsTo(address).length >= 2 && mailsTo(address), 'the notice mail'))[1]!;
    expect(mail.headers.get('subject')).toBe('SVOM sb26011531 mxt-initial_qf3');
    expect(mail.body).toContain('Burst:     sb26011531');
    expect(mail.body).toContain('Position:  RA 97.1000 deg, Dec 40.2000 deg (J2000)');
    expect(mail.body).toContain('Error:     0.0056 deg radius');
    expect(mail.body).toContain(`From your site: OBSERVABLE NOW (at ${SKY_AT})`);
    expect(mail.body).toMatch(/altitude 74\.\d deg, airmass 1\.04/);
    expect(mail.body).toMatch(/Sun altitude -49\.\d deg, Moon separation 162\.\d deg/);
    expect(mail.body).toContain(`next window: ${SKY_AT} to 2026-01-16T05:39:1`);
    const unsubscribe = mail.headers.get('list-unsubscribe')!;
    expect(unsubscribe).toMatch(
      new RegExp(`^<https://notify.test/v1/subscriptions/${sub.id}/unsubscribe\\?token=[\\w-]+>$`),
    );
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // RFC 8058: a GET changes nothing, the one-click POST stops the subscription.
    const url = new URL(unsubscribe.slice(1, -1));
    const shown = await h.app.inject({ url: url.pathname + url.search });
    expect(shown.json().status).toBe('active');
    const posted = await h.app.inject({
      method: 'POST',
      url: url.pathname + url.search,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(posted.statusCode, posted.body).toBe(200);
    expect(posted.json().status).toBe('paused');
    await publishNotice(h, mxtInitial('sb26011532', T0, POSITION));
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(mailsTo(address)).toHaveLength(2);
  });

  test('a new address waits for its own confirmation; the link mailed to the old one does not confirm it', async () => {
    const [before, after] = ['old-desk@obs.example', 'new-desk@obs.example'];
    const auth = scientistAuth('desk');
    const sub = (
      await h.app.inject({
        method: 'POST',
        url: '/v1/subscriptions',
        headers: auth,
        payload: { name: 'desk', filter: { types: ['mxt'] }, channel: { type: 'email', address: before } },
      })
    ).json();
    const linkIn = (mail: { body: string }) => {
      const link = new URL(mail.body.split('\n').find((line) => line.includes('/confirm?token='))!);
      return link.pathname + link.search;
    };
    const oldLink = linkIn((await eventually(() => mailsTo(before)[0], 'the first confirmation'))!);
    expect((await h.app.inject({ url: oldLink })).json().status).toBe('active');

    const changed = await h.app.inject({
      method: 'PATCH',
      url: `/v1/subscriptions/${sub.id}`,
      headers: auth,
      payload: { channel: { address: after } },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      status: 'pending-confirmation',
      channel: { type: 'email', address: after },
      ownerEmail: after,
    });
    const newLink = linkIn((await eventually(() => mailsTo(after)[0], 'the confirmation at the new address'))!);
    expect(newLink).not.toBe(oldLink);

    // Nothing reaches the new address before it is confirmed, and the old link cannot confirm it.
    await publishNotice(h, mxtInitial('sb26011540', T0, POSITION));
    const refused = await h.app.inject({ url: oldLink });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('NOTIFY_BAD_TOKEN');
    expect((await h.app.inject({ url: newLink })).json().status).toBe('active');
    await publishNotice(h, mxtInitial('sb26011541', T0, POSITION));
    await eventually(() => mailsTo(after).length >= 2, 'the notice at the new address');
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The sink lists mails in no set order: the confirmation and the notice after it, nothing else.
    const subjects = mailsTo(after).map((m) => m.headers.get('subject') ?? '');
    expect(subjects).toHaveLength(2);
    expect(subjects.filter((s) => s.startsWith('Confirm'))).toHaveLength(1);
    expect(subjects).toContain('SVOM sb26011541 mxt-initial_qf3');
    expect(mailsTo(before)).toHaveLength(1);
  });

  test('a flood of updates is one mail per burst per COLLAPSE_S; a retraction is never dropped', async () => {
    const address = 'flood@obs.example';
    const created = await h.app.inject({
      method: 'POST',
      url: '/v1/subscriptions',
      headers: scientistAuth('flood'),
      payload: { name: 'everything', channel: { type: 'email', address } },
    });
    const sub = created.json();
    const confirmation = await eventually(() => mailsTo(address)[0], 'the confirmation');
    const link = new URL(confirmation.body.split('\n').find((l) => l.startsWith('https://'))!);
    await h.app.inject({ url: link.pathname + link.search });

    const burst = 'sb26011540';
    await publishNotice(h, slewing(burst, T0, POSITION));
    await eventually(() => mailsTo(address).length === 2, 'the first notice at once');
    // Five updates within the collapse time: one mail, naming the updates it carries.
    for (let n = 2; n <= 6; n++) await publishNotice(h, mxtUpdate(burst, T0, n, POSITION));
    await eventually(() => mailsTo(address).length === 3, 'one mail for the five updates');
    const collapsed = mailsTo(address)[2]!;
    expect(collapsed.headers.get('subject')).toBe(`SVOM ${burst} mxt-update_qf3`);
    expect(collapsed.body).toContain('Earlier updates of this burst in this message: mxt-update_qf3, mxt-update_qf3');
    await publishNotice(h, mxtUpdate(burst, T0, 7, POSITION));
    await publishNotice(h, retraction(burst, T0, slewing(burst, T0, POSITION)));
    await eventually(
      () => mailsTo(address).some((m) => m.headers.get('subject')?.includes('RETRACTED')),
      'the retraction at once',
    );
    await eventually(() => mailsTo(address).length === 5, 'the last update too, after the collapse time');
    const deliveries = (
      await h.app.inject({ url: `/v1/subscriptions/${sub.id}/deliveries`, headers: scientistAuth('flood') })
    ).json().deliveries as Array<{ status: string; kind: string }>;
    const notices = deliveries.filter((d) => d.kind === 'notice');
    expect(notices).toHaveLength(8);
    expect(notices.filter((d) => d.status === 'delivered')).toHaveLength(4);
    expect(notices.filter((d) => d.status === 'collapsed')).toHaveLength(4);
  });
});
