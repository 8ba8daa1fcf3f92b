import type { Subjects } from '@svom/contracts';
import { insertDeadLetter } from '@svom/service-kit';
import type { Kysely } from 'kysely';
import { setAsideOrphanPackets } from '../db/packet.repository.js';
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
    const expired = await setAsideOrphanPackets(trx, afterH);
    await insertDeadLetter(
      trx,
      'alerts.dead_letters',
      expired.map((p) => ({
        subject: subjects.vhf.packet(p.source, p.message),
        streamSeq: null,
        msgId: p.packet_key,
        deliveries: 1,
        code: 'NO_ECLAIRS_ALERT',
        reason: `waited ${afterH} h for the ECLAIRs alert of sequence ${p.alert_sequence_id}; it never came`,
        payload: JSON.stringify(p.body),
      })),
    );
    return expired.length;
  });
}
