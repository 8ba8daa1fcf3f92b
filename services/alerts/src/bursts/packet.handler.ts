import type { Kysely } from 'kysely';
import type { Subjects } from '@svom/contracts';
import {
  createBurst,
  findBurstByAlertSequence,
  findJoinableBurst,
  lockBursts,
  type BurstRow,
} from '../db/burst.repository.js';
import type { OutboxRow } from '../db/outbox.repository.js';
import { insertHandled, isHandled, markApplied, pendingPackets } from '../db/packet.repository.js';
import type { AlertsTables } from '../db/tables.js';
import { BurstSession } from './burst-session.js';
import { alertSequenceIdOf, storedPacketInput, type PacketInput, type ParsedPacket } from './packet-input.js';

export interface HandleResult {
  /** applied to a burst; pending until its ECLAIRs alert comes; ignored (no notice in it); duplicate (handled before). */
  outcome: 'applied' | 'pending' | 'ignored' | 'duplicate';
  burstId?: string;
  /** What to publish now that the transaction has committed. */
  outbox: OutboxRow[];
}

/**
 * Applies one packet, exactly once, in one transaction: finds or makes its burst (ICD-VHF
 * section 7), folds it in, issues its notice, and writes their outbox messages. A packet handled
 * before changes nothing. A slew status, MXT position, VT list or light curve that comes before
 * its ECLAIRs alert waits (`pending`) and is applied, in on-board order, when the alert comes:
 * the same packets in any order give the same bursts and notices.
 */
export async function handlePacket(
  db: Kysely<AlertsTables>,
  subjects: Subjects,
  parsed: ParsedPacket,
  now = new Date(),
): Promise<HandleResult> {
  const { message, input } = parsed;
  return db.transaction().execute(async (trx) => {
    await lockBursts(trx);
    if (await isHandled(trx, message.key)) return { outcome: 'duplicate', outbox: [] };
    const record = (status: 'applied' | 'pending' | 'ignored', burstId: string | null) =>
      insertHandled(trx, {
        packet_key: message.key,
        source: message.source,
        message: message.message,
        status,
        burst_id: burstId,
        obt: message.obt,
        alert_sequence_id: input && alertSequenceIdOf(input) !== undefined ? String(alertSequenceIdOf(input)) : null,
        body: JSON.stringify(message),
      });
    if (!input) {
      await record('ignored', null);
      return { outcome: 'ignored', outbox: [] };
    }
    let row = await burstOf(trx, input);
    const created = !row;
    if (!row) {
      if (input.kind !== 'eclairs-alert' && input.kind !== 'grm-trigger') {
        await record('pending', null);
        return { outcome: 'pending', outbox: [] };
      }
      row = await createBurst(trx, input.fields.triggerTime, {});
    }
    const session = await BurstSession.open(trx, row, subjects, now);
    if (created) session.note('created', { packetKey: message.key, by: input.kind });
    session.apply(input, message.key);
    await record('applied', row.burst_id);
    // The burst just learnt its alert sequence: what waited for it can now be applied.
    if (input.kind === 'eclairs-alert' && row.alert_sequence_id === null) {
      for (const waiting of await pendingPackets(trx, input.fields.alertSequenceId)) {
        const pending = storedPacketInput(waiting.body);
        if (pending) session.apply(pending, waiting.packet_key);
        await markApplied(trx, waiting.packet_key, row.burst_id);
      }
    }
    const outbox = await session.save();
    return { outcome: 'applied', burstId: row.burst_id, outbox };
  });
}

async function burstOf(
  trx: Parameters<typeof findBurstByAlertSequence>[0],
  input: PacketInput,
): Promise<BurstRow | undefined> {
  switch (input.kind) {
    case 'eclairs-alert':
      return (
        (await findBurstByAlertSequence(trx, input.fields.alertSequenceId)) ??
        findJoinableBurst(trx, input.fields.triggerTime, 'ECLAIRs')
      );
    case 'grm-trigger':
      return findJoinableBurst(trx, input.fields.triggerTime, 'GRM');
    default:
      return findBurstByAlertSequence(trx, input.fields.alertSequenceId);
  }
}
