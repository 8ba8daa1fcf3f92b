import { h } from '../dom.js';
import { sinceT0 } from '../format.js';
import type { BurstFollowup, FollowupEntry } from '../types.js';

/** The follow-up timeline: notices received, requests sent or not (and why), reports back. */
export function followupTimeline(f: BurstFollowup, t0: string): HTMLElement {
  const requests = f.requests.length
    ? h(
        'table',
        { class: 'data compact' },
        h('thead', {}, h('tr', {}, ...['Request', 'Facility', 'Status'].map((c) => h('th', { scope: 'col' }, c)))),
        h(
          'tbody',
          {},
          ...f.requests.map((r) =>
            h(
              'tr',
              {},
              h('td', {}, r.id),
              h('td', {}, r.facilityId),
              h('td', {}, h('span', { class: `badge req-${r.status}` }, r.status)),
            ),
          ),
        ),
      )
    : null;
  return h(
    'div',
    { id: 'followup' },
    requests,
    h(
      'ol',
      { class: 'timeline' },
      ...grouped(f.timeline).map((e) =>
        h(
          'li',
          { class: `ev-${e.kind}` },
          h('span', { class: 'when' }, sinceT0(e.at, t0)),
          h('span', { class: 'what' }, e.text),
        ),
      ),
    ),
  );
}

/**
 * Entries as lines, the "no request" decisions taken on one notice folded into one line by
 * reason: with a dozen facilities, one line each would bury the requests that were made.
 */
export function grouped(timeline: FollowupEntry[]): Array<{ at: string; kind: string; text: string }> {
  const out: Array<{ at: string; kind: string; text: string }> = [];
  for (let i = 0; i < timeline.length; i++) {
    const e = timeline[i]!;
    if (e.kind !== 'no-request') {
      out.push({ at: e.at, kind: e.kind, text: describe(e) });
      continue;
    }
    const byReason = new Map<string, string[]>();
    let j = i;
    for (; j < timeline.length; j++) {
      const n = timeline[j]!;
      if (n.kind !== 'no-request' || n.noticeKey !== e.noticeKey) break;
      byReason.set(n.reason, [...(byReason.get(n.reason) ?? []), n.facilityId]);
    }
    out.push({
      at: e.at,
      kind: 'no-request',
      text: `no request to ${[...byReason].map(([reason, facilities]) => `${facilities.join(', ')} (${reason})`).join('; ')}`,
    });
    i = j - 1;
  }
  return out;
}

function describe(e: FollowupEntry): string {
  switch (e.kind) {
    case 'notice':
      return `notice ${e.name}${e.improvedPosition ? ' — better position' : ''}`;
    case 'no-request':
      return `no request to ${e.facilityId}: ${e.reason}`;
    case 'request':
      return `request ${e.requestId} to ${e.facilityId}: ${e.fromStatus ? `${e.fromStatus} → ` : ''}${e.toStatus}${e.reason ? ` (${e.reason})` : ''}`;
    case 'report':
      return `report from ${e.report.facilityId ?? 'a facility'}${e.report.candidates?.length ? `: ${e.report.candidates.length} candidate(s)` : ''}`;
  }
}
