import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { VhfTables } from '../db/tables.js';
import { IngestErrors } from '../errors.js';
import { stationIdForToken } from '../db/station.repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The station the bearer token belongs to (receptions route). */
    stationId?: string;
  }
}

/**
 * Station bearer tokens, looked up by hash and remembered briefly: a busy station posts many
 * times a second, and a token rotated elsewhere stops working within `ttlMs`.
 */
export class StationAuthenticator {
  #cache = new Map<string, { stationId: string; until: number }>();

  constructor(
    private readonly db: Kysely<VhfTables>,
    private readonly ttlMs = 30_000,
  ) {}

  async authenticate(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new IngestErrors.MissingToken();
    const now = Date.now();
    const cached = this.#cache.get(token);
    if (cached && cached.until > now) {
      request.stationId = cached.stationId;
      return;
    }
    let stationId: string | undefined;
    try {
      stationId = await stationIdForToken(this.db, token);
    } catch (error) {
      request.log.error({ err: error }, 'station token lookup failed');
      throw new IngestErrors.NotDurable('database unreachable');
    }
    if (!stationId) throw new IngestErrors.BadToken();
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(token, { stationId, until: now + this.ttlMs });
    request.stationId = stationId;
  }

  /** Forgets every cached token of a station (its token was rotated here). */
  forget(stationId: string): void {
    for (const [token, entry] of this.#cache) if (entry.stationId === stationId) this.#cache.delete(token);
  }
}
