import type { Insertable, Selectable, Transaction } from 'kysely';
import type { Db } from './burst.repository.js';
import type { AlertsTables } from './tables.js';

export type HandledPacketRow = Selectable<AlertsTables['alerts.packets']>;

export async function isHandled(db: Db, packetKey: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('alerts.packets')
      .select('packet_key')
      .where('packet_key', '=', packetKey)
      .executeTakeFirst()) !== undefined
  );
}

export async function insertHandled(db: Db, row: Insertable<AlertsTables['alerts.packets']>): Promise<void> {
  await db.insertInto('alerts.packets').values(row).execute();
}

/** Packets that waited for this alert sequence's burst, in on-board order. */
export async function pendingPackets(
  trx: Transaction<AlertsTables>,
  alertSequenceId: number,
): Promise<HandledPacketRow[]> {
  return trx
    .selectFrom('alerts.packets')
    .selectAll()
    .where('alert_sequence_id', '=', String(alertSequenceId))
    .where('status', '=', 'pending')
    .orderBy('obt')
    .orderBy('packet_key')
    .execute();
}

export async function markApplied(trx: Transaction<AlertsTables>, packetKey: string, burstId: string): Promise<void> {
  await trx
    .updateTable('alerts.packets')
    .set({ status: 'applied', burst_id: burstId })
    .where('packet_key', '=', packetKey)
    .execute();
}
