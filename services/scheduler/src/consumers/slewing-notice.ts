/**
 * Decoding a JSON notice from `svom.alerts.notice.<name>` into what interrupts a plan. Pure: the
 * consumer decides ack/term from the answer. Only a `slewing` notice (the satellite accepted the
 * slew, GCN `slew_status: 'accepted'`) interrupts; every other notice is acknowledged and ignored.
 */
import { ALERT_NOTICE_HEADERS } from '@svom/contracts';
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
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { kind: 'invalid', why: 'not JSON' };
  }
  if (typeof data !== 'object' || data === null) return { kind: 'invalid', why: 'not a JSON object' };
  if (data.slew_status !== undefined && data.slew_status !== 'accepted')
    return { kind: 'ignore', why: `slew_status ${String(data.slew_status)}` };
  const ids = Array.isArray(data.id) ? data.id : [];
  const burstId = headers?.get(ALERT_NOTICE_HEADERS.burstId) || (typeof ids[0] === 'string' ? ids[0] : '');
  if (!burstId) return { kind: 'invalid', why: 'no burst id (header Svom-Burst-Id or id[0])' };
  const raDeg = Number(data.ra);
  const decDeg = Number(data.dec);
  if (typeof data.ra !== 'number' || !(raDeg >= 0 && raDeg < 360))
    return { kind: 'invalid', why: 'ra missing or out of [0, 360)' };
  if (typeof data.dec !== 'number' || !(decDeg >= -90 && decDeg <= 90))
    return { kind: 'invalid', why: 'dec missing or out of [-90, 90]' };
  const triggerMs = typeof data.trigger_time === 'string' ? parseUtc(data.trigger_time) : Number.NaN;
  if (!Number.isFinite(triggerMs)) return { kind: 'invalid', why: 'trigger_time missing or not an ISO time' };
  return { kind: 'slewing', slewing: { burstId, triggerMs, raDeg, decDeg } };
}

/** GCN times carry no zone ("2024-02-22T08:51:31.320000"): they are UTC. */
function parseUtc(text: string): number {
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
}
