// What the fault test counts after each step: acknowledged receptions against PostgreSQL,
// packets and notices against their JetStream streams (by Nats-Msg-Id), notices against the
// VTP subscriber, and what is left in the outboxes.
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { subjectsFor } from '@svom/contracts';
import type { ComposeStack } from './compose-stack.js';
import { receptionKey } from './station-load.js';

const subjects = subjectsFor('');

/** How many times each Nats-Msg-Id is on a stream (subjects filtered), read headers-only. */
export async function msgIdCounts(nc: NatsConnection, stream: string, filter: string): Promise<Map<string, number>> {
  const js = jetstream(nc);
  // One subject as a string: sent as filter_subject, which NATS 2.9 (the local stand-in) knows;
  // an array needs 2.10's filter_subjects.
  const consumer = await js.consumers.get(stream, { filter_subjects: filter, headers_only: true });
  const counts = new Map<string, number>();
  const info = await consumer.info(true);
  let left = info.num_pending;
  while (left > 0) {
    const batch = await consumer.fetch({ max_messages: Math.min(left, 5000), expires: 5000 });
    let got = 0;
    for await (const m of batch) {
      const id = m.headers?.get('Nats-Msg-Id') ?? `(no id) ${m.seq}`;
      counts.set(id, (counts.get(id) ?? 0) + 1);
      got++;
      left = m.info.pending;
    }
    if (got === 0) break;
  }
  await consumer.delete().catch(() => {});
  return counts;
}

export const OUTBOXES = ['vhf.outbox', 'alerts.outbox', 'followup.outbox', 'gp.outbox'];

export async function outboxRows(stack: ComposeStack): Promise<number> {
  return stack.sqlNumber(`select ${OUTBOXES.map((t) => `(select count(*) from ${t})`).join(' + ')}`);
}

export interface ReceptionAudit {
  rows: number;
  lost: number;
  /**
   * Acknowledged receptions stored more than once. A station re-posts a batch it got no 200 for
   * although the first request may have committed; the unique index of
   * migrations/2026-12-04T2015_receptions-once.sql must make this 0: counted to prove it.
   */
  stored2x: number;
  maxId: number;
}

/** Receptions with id > `afterId` against the keys acknowledged since the last audit. */
export async function auditReceptions(
  stack: ComposeStack,
  acked: Set<string>,
  afterId: number,
): Promise<ReceptionAudit> {
  const rows = await stack.sql(
    `select id, station_id, (extract(epoch from received_at) * 1000)::bigint, encode(sha256(frame), 'hex')
       from vhf.receptions where id > ${afterId}`,
  );
  const counts = new Map<string, number>();
  let maxId = afterId;
  for (const [id, station, ms, sha] of rows) {
    const key = receptionKey(station!, Number(ms), sha!);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    maxId = Math.max(maxId, Number(id));
  }
  let lost = 0;
  let stored2x = 0;
  for (const key of acked) {
    const n = counts.get(key) ?? 0;
    if (n === 0) lost++;
    if (n > 1) stored2x++;
  }
  return { rows: rows.length, lost, stored2x, maxId };
}

export interface StreamAudit {
  expected: number;
  lost: number;
  duplicated: number;
}

/** Every packet of vhf.packets on the VHF stream exactly once. */
export async function auditPackets(stack: ComposeStack, nc: NatsConnection): Promise<StreamAudit> {
  const keys = (await stack.sql('select packet_key from vhf.packets')).map((r) => r[0]!);
  const counts = await msgIdCounts(nc, 'VHF', subjects.vhf.packets);
  return compare(keys, counts);
}

/** Every notice of alerts.notices on the ALERTS stream (JSON, by msg_id) exactly once. */
export async function auditNotices(
  stack: ComposeStack,
  nc: NatsConnection,
): Promise<StreamAudit & { ivorns: string[] }> {
  const rows = await stack.sql('select msg_id, ivorn from alerts.notices');
  const counts = await msgIdCounts(nc, 'ALERTS', subjects.alerts.notices);
  return {
    ...compare(
      rows.map((r) => r[0]!),
      counts,
    ),
    ivorns: rows.map((r) => r[1]!),
  };
}

function compare(expected: string[], counts: Map<string, number>): StreamAudit {
  let lost = 0;
  let duplicated = 0;
  for (const id of expected) if (!counts.has(id)) lost++;
  for (const n of counts.values()) if (n > 1) duplicated += n - 1;
  return { expected: expected.length, lost, duplicated };
}

/**
 * IVORNs the VTP subscriber should have, against what it got: missed and extra copies. An IVORN
 * repeats when a notice name does (a second mxt-update), so counts are compared per IVORN.
 */
export function auditVtp(
  expected: string[],
  seen: Array<string | undefined>,
): { missed: number; duplicated: number; missedIvorns: string[] } {
  const tally = (ivorns: Array<string | undefined>) => {
    const counts = new Map<string, number>();
    for (const i of ivorns) if (i) counts.set(i, (counts.get(i) ?? 0) + 1);
    return counts;
  };
  const want = tally(expected);
  const got = tally(seen);
  let missed = 0;
  let duplicated = 0;
  const missedIvorns: string[] = [];
  for (const [i, n] of want) {
    const short = Math.max(0, n - (got.get(i) ?? 0));
    missed += short;
    if (short > 0) missedIvorns.push(i);
  }
  for (const [i, n] of got) duplicated += Math.max(0, n - (want.get(i) ?? 1));
  return { missed, duplicated, missedIvorns };
}
