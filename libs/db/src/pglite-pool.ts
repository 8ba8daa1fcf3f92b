import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * A `pg`-shaped pool over one embedded PGlite instance, so Kysely's own PostgresDialect drives
 * both databases with the same SQL. PGlite is a single connection: clients are handed out one
 * at a time (a FIFO lock), otherwise two Kysely transactions would interleave on one session and
 * a rollback could take the other's rows with it (seen with kysely-pglite, which pinned an old Kysely, in a concurrency test).
 */
export class PGlitePool implements PostgresPool {
  #queue: Promise<void> = Promise.resolve();

  constructor(private readonly pg: PGlite) {}

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#queue;
    this.#queue = previous.then(() => released);
    await previous;
    const pg = this.pg;
    let done = false;
    const client = {
      async query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
        // Without parameters the simple protocol runs several statements at once (migrations).
        if (parameters.length === 0) {
          const results = await pg.exec(sql);
          const last = results[results.length - 1];
          return {
            command: commandOf(sql),
            rowCount: last?.affectedRows ?? last?.rows.length ?? 0,
            rows: (last?.rows ?? []) as R[],
          };
        }
        const result = await pg.query<R>(sql, parameters as unknown[]);
        return { command: commandOf(sql), rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
      },
      release() {
        if (!done) {
          done = true;
          release();
        }
      },
    };
    return client as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.#queue;
    await this.pg.close();
  }
}

function commandOf(sql: string): PostgresQueryResult<unknown>['command'] {
  const word = /^\s*(?:with\b[\s\S]*?\)\s*)?(\w+)/i.exec(sql)?.[1]?.toUpperCase();
  return (
    ['UPDATE', 'DELETE', 'INSERT', 'MERGE'].includes(word ?? '') ? word : 'SELECT'
  ) as PostgresQueryResult<unknown>['command'];
}
