import type { Kysely } from 'kysely';
import type { Subjects } from '@svom/contracts';
import {
  svomIvorn,
  type EclairsNotice,
  type GrmTriggerNotice,
  type MxtNotice,
  type RetractionNotice,
} from '@svom/voevent';
import { findBurst, lockBursts } from '../db/burst.repository.js';
import type { OutboxRow } from '../db/outbox.repository.js';
import type { AlertsTables } from '../db/tables.js';
import { BurstSession } from '../bursts/burst-session.js';
import { AlertsErrors } from '../errors.js';

/**
 * What Burst Advocates do to a burst. Each action runs in one transaction under the burst lock,
 * is written to the burst's timeline with who did it, and publishes the burst's new state.
 */

async function withBurst(
  db: Kysely<AlertsTables>,
  subjects: Subjects,
  burstId: string,
  now: Date,
  act: (session: BurstSession) => Promise<string>,
): Promise<OutboxRow[]> {
  return db.transaction().execute(async (trx) => {
    await lockBursts(trx);
    const row = await findBurst(trx, burstId);
    if (!row) throw new AlertsErrors.UnknownBurst(burstId);
    const session = await BurstSession.open(trx, row, subjects, now);
    const change = await act(session);
    return session.save({ change });
  });
}

/**
 * Retracts a burst: a 219 notice citing every earlier one with `retraction` and repeating the
 * measurements of the last GRM, ECLAIRs or MXT notice, distributed like any notice. Later packets
 * of the burst are still recorded but issue no notice.
 */
export function retractBurst(
  db: Kysely<AlertsTables>,
  subjects: Subjects,
  burstId: string,
  actor: string,
  reason: string,
  now = new Date(),
) {
  return withBurst(db, subjects, burstId, now, async (session) => {
    if (session.row.status === 'retracted')
      throw new AlertsErrors.AlreadyRetracted(burstId, new Date(session.row.updated_at).toISOString());
    const earlier = session.notices;
    const retracted = earlier
      .filter((n): n is GrmTriggerNotice | EclairsNotice | MxtNotice =>
        [201, 202, 203, 204, 205, 209, 210].includes(n.packetType),
      )
      .at(-1);
    if (!retracted) throw new AlertsErrors.NothingToRetract(burstId);
    const notice: RetractionNotice = {
      name: 'retraction',
      packetType: 219,
      burstId,
      serialNumber: session.serialNumberOf('retraction'),
      dateIssued: now.toISOString(),
      citations: [...new Set(earlier.map((n) => svomIvorn(n.burstId, n.name)))].map((ivorn) => ({
        ivorn,
        cite: 'retraction' as const,
      })),
      advocateComment: reason,
      retracted,
    };
    session.issue(notice, null);
    session.setStatus('retracted', 'retracted');
    session.note('retracted', { reason, ivorn: svomIvorn(burstId, 'retraction') }, actor);
    return 'retracted';
  });
}

/** Confirms a burst as a GRB (no notice: the state message and the timeline say it). */
export function confirmBurst(
  db: Kysely<AlertsTables>,
  subjects: Subjects,
  burstId: string,
  actor: string,
  comment: string | undefined,
  now = new Date(),
) {
  return withBurst(db, subjects, burstId, now, async (session) => {
    if (session.row.status === 'retracted')
      throw new AlertsErrors.AlreadyRetracted(burstId, new Date(session.row.updated_at).toISOString());
    session.setStatus('confirmed', 'confirmed');
    session.note('confirmed', comment ? { comment } : {}, actor);
    return 'confirmed';
  });
}

export function commentBurst(
  db: Kysely<AlertsTables>,
  subjects: Subjects,
  burstId: string,
  actor: string,
  text: string,
  now = new Date(),
) {
  return withBurst(db, subjects, burstId, now, async (session) => {
    session.note('comment', { text }, actor);
    return 'comment';
  });
}
