import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expireOrphanPackets } from '../src/bursts/orphan-packets.js';
import { addStation, eventually, startAlerts, vectors, type Harness } from './helper.js';

describe('a packet whose ECLAIRs alert never comes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startAlerts();
  });
  afterAll(() => h?.close());

  test('waits, then is dead-lettered as NO_ECLAIRS_ALERT and set aside', async () => {
    const token = await addStation(h.ingest, 'ORP1');
    const mxt = vectors.frames.frames.find((f: { name: string }) => f.name === 'mxt-initial');
    const res = await h.ingest.inject({
      method: 'POST',
      url: '/v1/receptions',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        receptions: [
          {
            stationId: 'ORP1',
            receivedAt: '2026-02-11T19:27:40.000Z',
            frame: Buffer.from(mxt.hex, 'hex').toString('base64'),
          },
        ],
      },
    });
    expect(res.json().results[0].status).toBe('accepted');
    const status = async () =>
      (await sql<{ status: string }>`select status from alerts.packets where source = 'mxt'`.execute(h.database.db))
        .rows[0]?.status;
    await eventually(async () => (await status()) === 'pending', 'the MXT packet waiting for its alert');

    // Not yet too old: nothing happens.
    expect(await expireOrphanPackets(h.database.db as never, h.subjects, 24)).toBe(0);
    await sql`update alerts.packets set handled_at = now() - interval '25 hours' where source = 'mxt'`.execute(
      h.database.db,
    );
    expect(await expireOrphanPackets(h.database.db as never, h.subjects, 24)).toBe(1);
    expect(await status()).toBe('ignored');
    const { rows } = await sql<{
      code: string;
      subject: string;
      reason: string;
    }>`select code, subject, reason from alerts.dead_letters where code = 'NO_ECLAIRS_ALERT'`.execute(h.database.db);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.subject).toBe(h.subjects.vhf.packet('mxt', 'position'));
    expect(rows[0]!.reason).toContain(String(mxt.fields.alertSequenceId));
    expect(await expireOrphanPackets(h.database.db as never, h.subjects, 24)).toBe(0);
  });
});
