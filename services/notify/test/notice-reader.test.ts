import fc from 'fast-check';
import { svomNoticeToJson } from '@svom/voevent';
import { describe, expect, test } from 'vitest';
import { planNoticeDeliveries } from '../src/delivery/plan-deliveries.js';
import { NoticeError, readNotice } from '../src/notices/notice.js';
import type { StoredSubscription } from '../src/db/subscription.repository.js';
import { mxtInitial, retraction, slewing } from './notices.js';

const T0 = '2026-01-15T20:58:12.340Z';
const envelope = (json: unknown, msgId?: string) => ({
  subject: 'svom.alerts.notice.x',
  headers: (name: string) => (name === 'Nats-Msg-Id' ? msgId : undefined),
  data: new TextEncoder().encode(typeof json === 'string' ? json : JSON.stringify(json)),
});

describe('readNotice (pure)', () => {
  test('any bytes: a Notice or a NoticeError, never another throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.uint8Array().map((b) => Buffer.from(b).toString('latin1')),
        ),
        (text) => {
          try {
            readNotice(envelope(text, 'k'));
          } catch (error) {
            expect(error).toBeInstanceOf(NoticeError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  test('the writer’s notices: key, burst, retraction, drill', () => {
    const n = readNotice(
      envelope(svomNoticeToJson(mxtInitial('sb26011501', T0, { raDeg: 1, decDeg: 2, errorRadiusDeg: 0.1 }))),
    );
    expect(n).toMatchObject({
      key: 'ivo://org.svom/fsc#sb26011501_mxt-initial_qf3',
      burstId: 'sb26011501',
      retraction: false,
      test: false,
    });
    const s = slewing('sb26011501', T0, { raDeg: 1, decDeg: 2, errorRadiusDeg: 0.1 });
    const r = readNotice(envelope(svomNoticeToJson(retraction('sb26011501', T0, s)), 'the-msg-id'));
    expect(r).toMatchObject({ key: 'the-msg-id', retraction: true });
    const drill = readNotice(envelope(svomNoticeToJson({ ...s, role: 'test' } as never), 'd'));
    expect(drill.test).toBe(true);
  });
});

describe('planNoticeDeliveries (pure)', () => {
  const sub = (id: string, channel: StoredSubscription['channel'], filter: StoredSubscription['filter'] = {}) =>
    ({ id, status: 'active', channel, filter, site: null }) as StoredSubscription;
  const now = new Date('2026-01-15T21:00:00Z');
  const notice = readNotice(
    envelope(svomNoticeToJson(mxtInitial('sb26011501', T0, { raDeg: 1, decDeg: 2, errorRadiusDeg: 0.1 }))),
  );

  test('json webhooks at once; human channels join a waiting message or wait out the collapse time', () => {
    const json = sub('a', { type: 'webhook', url: 'http://x/', format: 'json' });
    const mail = sub('b', { type: 'email', address: 'b@x.example' });
    const slack = sub('c', { type: 'webhook', url: 'http://x/', format: 'slack' });
    const lastSent = new Date(now.getTime() - 20_000);
    const pending = new Date(now.getTime() + 5_000);
    const history = new Map([
      ['a', { lastSentDueAt: lastSent }],
      ['b', { lastSentDueAt: lastSent }],
      ['c', { pendingDueAt: pending }],
    ]);
    const planned = planNoticeDeliveries(notice, [json, mail, slack], history, now, { spanHours: 24, collapseS: 60 });
    expect(planned.map((p) => [p.subscriptionId, p.dueAt.getTime() - now.getTime()])).toEqual([
      ['a', 0],
      ['b', 40_000],
      ['c', 5_000],
    ]);
  });

  test('filters exclude; paused subscriptions get nothing', () => {
    const subs = [
      sub('grm', { type: 'webhook', url: 'http://x/', format: 'json' }, { types: ['grm'] }),
      sub(
        'far',
        { type: 'webhook', url: 'http://x/', format: 'json' },
        { region: { raDeg: 180, decDeg: 0, radiusDeg: 5 } },
      ),
      { ...sub('off', { type: 'webhook', url: 'http://x/', format: 'json' }), status: 'paused' } as StoredSubscription,
      sub('mxt', { type: 'webhook', url: 'http://x/', format: 'json' }, { types: ['mxt'], minSnr: 10 }),
    ];
    const planned = planNoticeDeliveries(notice, subs, new Map(), now, { spanHours: 24, collapseS: 60 });
    expect(planned.map((p) => p.subscriptionId)).toEqual(['mxt']);
  });
});
