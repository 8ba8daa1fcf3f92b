import type { JetStreamClient } from '@nats-io/jetstream';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Subjects } from '@svom/contracts';
import type { VhfTables } from '../db/tables.js';
import { stationWindows } from '../db/station-health.repository.js';
import { stationHealth } from './station-health.js';
import { listStations, markSilent } from '../db/station.repository.js';

/**
 * Watches the stations: publishes each one's health every `reportIntervalS`, and a station that
 * falls silent for `silentAfterS` at once (checked every 10 s), on `svom.vhf.station.<id>`.
 */
export class StationMonitor {
  #timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly db: Kysely<VhfTables>,
    private readonly js: JetStreamClient,
    private readonly subjects: Subjects,
    private readonly log: FastifyBaseLogger,
    private readonly options: { reportIntervalS: number; silentAfterS: number },
  ) {}

  /** Publishes the health of the given stations (all when omitted). */
  async report(only?: string[]): Promise<number> {
    const stations = (await listStations(this.db)).filter((s) => !only || only.includes(s.id));
    if (stations.length === 0) return 0;
    const windows = await stationWindows(
      this.db,
      stations.map((s) => s.id),
    );
    const at = new Date();
    const minute = Math.floor(at.getTime() / 60_000);
    await Promise.all(
      stations.map((s) => {
        const health = stationHealth(s, windows.get(s.id), at);
        // One message per station and minute even if two instances report; a silence event is its own.
        const msgID = only ? `${s.id}-silent-${at.getTime()}` : `${s.id}-${minute}`;
        return this.js.publish(this.subjects.vhf.station(s.id), JSON.stringify(health), { msgID });
      }),
    );
    return stations.length;
  }

  /** Marks newly silent stations and reports them at once. */
  async checkSilence(): Promise<string[]> {
    const silent = await markSilent(this.db, this.options.silentAfterS);
    if (silent.length) {
      this.log.warn({ stations: silent }, 'stations fell silent');
      await this.report(silent);
    }
    return silent;
  }

  start(): void {
    const guard = (what: string, fn: () => Promise<unknown>) => () =>
      void fn().catch((error) => this.log.warn({ err: error }, `station ${what} failed`));
    this.#timers.push(
      setInterval(
        guard('report', () => this.report()),
        this.options.reportIntervalS * 1000,
      ),
    );
    this.#timers.push(
      setInterval(
        guard('silence check', () => this.checkSilence()),
        Math.min(10, this.options.silentAfterS) * 1000,
      ),
    );
    for (const t of this.#timers) t.unref();
  }

  stop(): void {
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
  }
}
