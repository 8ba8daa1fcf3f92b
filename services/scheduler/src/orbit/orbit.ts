/**
 * The orbit in use (the newest uploaded TLE, or the built-in default) and a small cache of
 * ephemerides, so the visibility endpoint and the planner sample the orbit once per span.
 */
import { buildEphemeris, defaultTle, parseTle, type Ephemeris, type Tle } from '@svom/astro';
import type { Kysely } from 'kysely';
import type { GpTables } from '../db/tables.js';
import { latestTle } from '../db/tle.repository.js';

const CACHED_EPHEMERIDES = 4;

export class Orbit {
  private parsed: { id: number; tle: Tle } | undefined;
  private readonly ephemerides = new Map<string, Ephemeris>();

  constructor(private readonly db: Kysely<GpTables>) {}

  /** The TLE in use and a key that changes when an operator uploads another. */
  async current(): Promise<{ tle: Tle; key: string }> {
    const row = await latestTle(this.db);
    if (!row) return { tle: defaultTle(), key: 'default' };
    if (this.parsed?.id !== row.id) this.parsed = { id: row.id, tle: parseTle(row.name, row.line1, row.line2) };
    return { tle: this.parsed.tle, key: String(row.id) };
  }

  /** The ephemeris of `spanS` from `startMs`, at `stepS`; the last few are kept. */
  ephemeris(current: { tle: Tle; key: string }, startMs: number, spanS: number, stepS: number): Ephemeris {
    const key = `${current.key}:${startMs}:${spanS}:${stepS}`;
    const cached = this.ephemerides.get(key);
    if (cached) return cached;
    const ephemeris = buildEphemeris(current.tle, new Date(startMs), spanS, { stepS });
    this.ephemerides.set(key, ephemeris);
    if (this.ephemerides.size > CACHED_EPHEMERIDES) this.ephemerides.delete(this.ephemerides.keys().next().value!);
    return ephemeris;
  }

  /** Orbital period in seconds, from the mean motion. */
  static periodS(tle: Tle): number {
    return 86_400 / tle.meanMotionRevPerDay;
  }
}
