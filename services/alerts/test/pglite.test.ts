import type { Database } from '@svom/db';
import { createPgliteTestDatabase, createTestDatabase } from '@svom/db/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AlertsTables } from '../src/db/tables.js';
import { insertNewVtpEvents, type VtpEvent } from '../src/db/vtp-event.repository.js';

const event = (n: number, xml = `<voe:VOEvent ivorn="ivo://x/y#${n}">"quoted" \\ back ✓</voe:VOEvent>`): VtpEvent => ({
  digest: `d${n}`,
  ivorn: `ivo://x/y#${n}`,
  xml,
  authorAddress: '127.0.0.1',
});

/**
 * The author port's group-commit statement (events and outbox rows in one) on the real server and on
 * embedded PGlite (`npm start` without DATABASE_URL): same rows, same outbox, text kept exactly.
 */
describe.each([
  ['PostgreSQL', createTestDatabase],
  ['PGlite', createPgliteTestDatabase],
] as const)('VTP events on %s', (_engine, open) => {
  let database: Database;
  let db: Kysely<AlertsTables>;
  beforeAll(async () => {
    database = await open();
    db = database.db as Kysely<AlertsTables>;
  });
  afterAll(() => database?.close());

  test('new events are stored with their outbox rows; one seen before gets none', async () => {
    const first = new Map([event(1), event(2)].map((e) => [e.digest, e]));
    const inserted = await insertNewVtpEvents(db, first, 'svom.alerts.voevent.external');
    expect(inserted.map((r) => r.digest).sort()).toEqual(['d1', 'd2']);
    expect(inserted[0]!.outbox).toMatchObject({ subject: 'svom.alerts.voevent.external', headers: {} });

    const again = new Map([event(2), event(3)].map((e) => [e.digest, e]));
    const second = await insertNewVtpEvents(db, again, 'svom.alerts.voevent.external');
    expect(second.map((r) => r.digest)).toEqual(['d3']);

    const stored = await db.selectFrom('alerts.vtp_events').select(['digest', 'xml']).orderBy('digest').execute();
    expect(stored).toEqual([1, 2, 3].map((n) => ({ digest: `d${n}`, xml: event(n).xml })));
    const outbox = await db.selectFrom('alerts.outbox').select(['msg_id', 'payload']).orderBy('id').execute();
    expect(outbox).toEqual([1, 2, 3].map((n) => ({ msg_id: `vtp:d${n}`, payload: event(n).xml })));
  });
});
