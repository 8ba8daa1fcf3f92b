/**
 * Decoding a JSON notice from `svom.alerts.notice.<name>` into what interrupts a plan. Pure: the
 * consumer decides ack/term from the answer. Only a `slewing` notice (the satellite accepted the
 * slew, GCN `slew_status: 'accepted'`) interrupts; every other notice is acknowledged and ignored.
 * The body is read by the one notice reader (`readNoticeJson`, libs/voevent).
 */
import { ALERT_NOTICE_HEADERS } from '@svom/contracts';
import { readNoticeJson } from '@svom/voevent/notice-json';
import type { Slewing } from '../plans/interruption.service.js';

export type Decoded =
  | { kind: 'slewing'; slewing: Slewing }
  | { kind: 'ignore'; why: string }
  | { kind: 'invalid'; why: string };

export const SLEWING_NOTICE = 'slewing';

export function decodeNotice(
  subject: string,
  headers: { get(name: string): string } | undefined,
  payload: Uint8Array,
): Decoded {
  const name = headers?.get(ALERT_NOTICE_HEADERS.notice) || subject.slice(subject.lastIndexOf('.') + 1);
  if (name !== SLEWING_NOTICE) return { kind: 'ignore', why: `notice ${name}` };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { kind: 'invalid', why: 'not JSON' };
  }
  const notice = readNoticeJson(json);
  if (notice.problems.some((p) => p.path === '')) return { kind: 'invalid', why: 'not a JSON object' };
  if (notice.slewStatus !== undefined && notice.slewStatus !== 'accepted')
    return { kind: 'ignore', why: `slew_status ${notice.slewStatus}` };
  const burstId = headers?.get(ALERT_NOTICE_HEADERS.burstId) || notice.burstId;
  if (!burstId) return { kind: 'invalid', why: 'no burst id (header Svom-Burst-Id or id[0])' };
  if (!notice.position) {
    const bad = notice.problems.find((p) => p.path === '/ra' || p.path === '/dec');
    return { kind: 'invalid', why: bad?.message ?? 'ra missing or out of [0, 360)' };
  }
  const triggerMs = notice.triggerTime ? Date.parse(notice.triggerTime) : Number.NaN;
  if (!Number.isFinite(triggerMs)) return { kind: 'invalid', why: 'trigger_time missing or not an ISO time' };
  const { raDeg, decDeg } = notice.position;
  return { kind: 'slewing', slewing: { burstId, triggerMs, raDeg, decDeg } };
}
