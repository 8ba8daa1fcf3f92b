import { randomUUID } from 'node:crypto';
import { svomNoticeToJson, type SvomNotice } from '@svom/voevent';
import { enqueueDelivery, listDeliveries } from '../db/delivery.repository.js';
import type { NoticeContent } from '../delivery/plan-deliveries.js';
import type { NotifyRuntime } from '../runtime.js';
import { siteVisibility } from '../visibility/site-visibility.js';
import type { StoredSubscription } from '../db/subscription.repository.js';

/**
 * The notice of the test button: an MXT position written by the same writer as real notices,
 * marked as a drill everywhere it can be (VOEvent role test → `alert_tense: "test"`, rank 99 of
 * the day, which no burst reaches, `"test": true` in webhooks, [TEST] in subjects).
 */
export function testNotice(now: Date): Record<string, unknown> {
  const t0 = new Date(now.getTime() - 60_000).toISOString();
  const notice: SvomNotice = {
    name: 'mxt-initial_qf3',
    packetType: 209,
    burstId: testBurstId(now),
    serialNumber: 1,
    dateIssued: now.toISOString().replace(/\.\d+Z$/, 'Z'),
    t0,
    position: { raDeg: 150.0, decDeg: 2.2, errorRadiusDeg: 0.0056 },
    snr: 12.3,
    meanFlux: 0.4,
    fluxError: 0.1,
    withinEclairsR90: true,
    eclairsAngleArcmin: 4.2,
    useVtAttitude: false,
    role: 'test',
  } as SvomNotice;
  return svomNoticeToJson(notice) as unknown as Record<string, unknown>;
}

/** sb + YYMMDD + 99: a valid Burst_Id that no real burst of the day has. */
export const testBurstId = (now: Date) => `sb${now.toISOString().slice(2, 10).replace(/-/g, '')}99`;

/** Sends the test notice now and waits (a bounded time) for its outcome, as the test button shows it. */
export async function sendTest(runtime: NotifyRuntime, subscription: StoredSubscription) {
  const now = new Date();
  const json = testNotice(now);
  const content: NoticeContent = {
    notice: json,
    name: 'mxt-initial_qf3',
    visibility: subscription.site
      ? siteVisibility(
          subscription.site,
          { raDeg: 150.0, decDeg: 2.2 },
          runtime.skyClock(),
          runtime.settings.WINDOW_SPAN_H,
        )
      : null,
  };
  const row = await enqueueDelivery(runtime.db, {
    subscriptionId: subscription.id,
    eventKey: `test:${randomUUID()}`,
    kind: 'test',
    content,
  });
  runtime.worker.poke();
  const until = Date.now() + runtime.settings.WEBHOOK_TIMEOUT_MS + 2000;
  for (;;) {
    const found = (await listDeliveries(runtime.db, subscription.id, 20)).find((d) => d.id === Number(row!.id))!;
    if (found.status !== 'pending' || found.attempts > 0 || Date.now() > until) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
