import { sql, type Kysely } from 'kysely';
import type { Subjects } from '@svom/contracts';
import type { AlertsTables } from '../db/tables.js';

/**
 * A slew status, light curve, MXT or VT packet waits (`pending`) for the ECLAIRs alert of its
 * sequence, which may come late or out of order. One still waiting after `afterH` hours will not
 * make a notice: it is set aside (`ignored`) and recorded as a dead letter (`NO_ECLAIRS_ALERT`)
 * where operators look, rather than waiting for ever.
 */
export async function expireOrphanPackets(
  db: Kysely<AlertsTables>,
  subjects: Subjects,
  afterH: number,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const expired = await trx
      .updateTable('alerts.packets')
      .set({ status: 'ignored' })
      .where('status', '=', 'pending')
      .where('handled_at', '<', sql<Date>`now() - make_interval(hours => ${afterH})`)
      .returning(['packet_key', 'source', 'message', 'alert_sequence_id', 'body'])
      .execute();
    if (expired.length === 0) return 0;
    await trx
      .insertInto('alerts.dead_letters')
      .values(
        expired.map((p) => ({
          subject: subjects.vhf.packet(p.source, p.message),
          msg_id: p.packet_key,
          deliveries: 1,
          code: 'NO_ECLAIRS_ALERT',
          reason: `waited ${afterH} h for the ECLAIRs alert of sequence ${p.alert_sequence_id}; it never came`,
          payload: JSON.stringify(p.body),
        })),
      )
      .execute();
    return expired.length;
  });
}
