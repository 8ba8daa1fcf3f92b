import type { JetStreamManager } from '@nats-io/jetstream';
import { STREAM_NAMES, streamName } from '@svom/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { closeAlarm, openAlarm, openAlarms, type AlarmCondition, type AlarmKind } from '../db/alarm.repository.js';
import type { NotifyTables } from '../db/tables.js';
import {
  outboxBacklog,
  recentDeadLetters,
  schemasWithTable,
  timestampColumn,
} from '../db/watched-tables.repository.js';

export interface WatchdogSettings {
  ALARM_POLL_MS: number;
  ALARM_LAG_S: number;
  ALARM_NOT_READY_S: number;
  ALARM_OUTBOX_S: number;
  WATCH_READY_URLS: string;
}

/** How long a new dead letter keeps its alarm open: one alarm per flurry, closed when it stops. */
const DEAD_LETTER_QUIET_S = 600;

/**
 * Looks at the whole FSC every ALARM_POLL_MS: dead letters in any schema, every durable consumer's
 * lag, the services' `/ready`, the age of every outbox. What is wrong opens an alarm (once per
 * key), what is right again closes it (once). Station silence comes from the station events.
 */
export class Watchdog {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  /** Since when each watched service has not been ready. */
  readonly #notReadySince = new Map<string, number>();

  constructor(
    private readonly deps: {
      db: Kysely<NotifyTables>;
      jsm: JetStreamManager;
      prefix: string;
      log: FastifyBaseLogger;
      settings: WatchdogSettings;
    },
  ) {}

  start(): void {
    this.#timer = setInterval(() => {
      this.#running ??= this.runOnce()
        .catch((error) => this.deps.log.error({ err: error }, 'watchdog pass failed'))
        .finally(() => (this.#running = undefined));
    }, this.deps.settings.ALARM_POLL_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  /** One look: every check, then open what is new and close what is over, per kind. */
  async runOnce(now = new Date()): Promise<void> {
    const checks: Array<[AlarmKind, () => Promise<AlarmCondition[]>]> = [
      ['dead-letter', () => this.deadLetters()],
      ['consumer-lag', () => this.consumerLag(now)],
      ['service-not-ready', () => this.notReady(now)],
      ['outbox-stale', () => this.staleOutboxes()],
    ];
    for (const [kind, check] of checks) {
      let conditions: AlarmCondition[];
      try {
        conditions = await check();
      } catch (error) {
        // A check that cannot look says nothing: it neither opens nor closes.
        this.deps.log.warn({ err: error, kind }, 'watchdog check failed');
        continue;
      }
      const wrong = new Set(conditions.map((c) => c.key));
      for (const c of conditions) await openAlarm(this.deps.db, c, now);
      for (const open of await openAlarms(this.deps.db, kind))
        if (!wrong.has(open.key)) await closeAlarm(this.deps.db, open.key, `${open.key}: back to normal`, now);
    }
  }

  /** Every `<schema>.dead_letters` table with a letter in the last DEAD_LETTER_QUIET_S seconds. */
  async deadLetters(): Promise<AlarmCondition[]> {
    const out: AlarmCondition[] = [];
    for (const schema of await schemasWithTable(this.deps.db, 'dead_letters')) {
      // The kit's shape says created_at; tables made before it name their timestamp otherwise.
      const at = await timestampColumn(this.deps.db, schema, 'dead_letters');
      if (!at) continue;
      const r = await recentDeadLetters(this.deps.db, schema, at, DEAD_LETTER_QUIET_S);
      if (r && r.n > 0)
        out.push({
          key: `dead-letter:${schema}`,
          kind: 'dead-letter',
          summary: `${schema}: ${r.n} dead-lettered message(s) in the last ${DEAD_LETTER_QUIET_S / 60} min (last: ${r.reason})`,
          details: { schema, count: r.n, last: r.last },
        });
    }
    return out;
  }

  /** Every durable consumer of every FSC stream whose oldest unacknowledged message is too old. */
  async consumerLag(now: Date): Promise<AlarmCondition[]> {
    const out: AlarmCondition[] = [];
    for (const name of STREAM_NAMES) {
      const stream = streamName(name, this.deps.prefix);
      let consumers;
      try {
        consumers = await this.deps.jsm.consumers.list(stream).next();
      } catch {
        continue; // a stream not made yet has no consumer to lag
      }
      for (const c of consumers) {
        if (!c.config.durable_name || c.num_pending + c.num_ack_pending === 0) continue;
        const seq = c.ack_floor.stream_seq + 1;
        const oldest = await this.deps.jsm.streams.getMessage(stream, { seq }).catch(() => null);
        if (!oldest) continue;
        const lagS = (now.getTime() - oldest.time.getTime()) / 1000;
        if (lagS > this.deps.settings.ALARM_LAG_S)
          out.push({
            key: `lag:${name}/${c.name}`,
            kind: 'consumer-lag',
            summary: `consumer ${c.name} of ${name} is ${Math.round(lagS)} s behind (${c.num_pending + c.num_ack_pending} messages)`,
            details: { stream: name, consumer: c.name, lagS, pending: c.num_pending, ackPending: c.num_ack_pending },
          });
      }
    }
    return out;
  }

  /** Each WATCH_READY_URLS service whose `/ready` has failed for ALARM_NOT_READY_S. */
  async notReady(now: Date): Promise<AlarmCondition[]> {
    const out: AlarmCondition[] = [];
    for (const [name, url] of parseReadyUrls(this.deps.settings.WATCH_READY_URLS)) {
      let ok = false;
      let why = '';
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
        ok = response.ok;
        why = `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`;
      } catch (error) {
        why = ((error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message) || 'failed';
      }
      if (ok) {
        this.#notReadySince.delete(name);
        continue;
      }
      const since = this.#notReadySince.get(name) ?? now.getTime();
      this.#notReadySince.set(name, since);
      if (now.getTime() - since >= this.deps.settings.ALARM_NOT_READY_S * 1000)
        out.push({
          key: `ready:${name}`,
          kind: 'service-not-ready',
          summary: `${name} not ready for ${Math.round((now.getTime() - since) / 1000)} s (${why})`,
          details: { service: name, url, since: new Date(since).toISOString() },
        });
    }
    return out;
  }

  /** Every `<schema>.outbox` table whose oldest row is older than ALARM_OUTBOX_S. */
  async staleOutboxes(): Promise<AlarmCondition[]> {
    const out: AlarmCondition[] = [];
    for (const schema of await schemasWithTable(this.deps.db, 'outbox')) {
      const r = await outboxBacklog(this.deps.db, schema);
      if (!r?.oldest) continue;
      const ageS = (Date.now() - r.oldest.getTime()) / 1000;
      if (ageS > this.deps.settings.ALARM_OUTBOX_S)
        out.push({
          key: `outbox:${schema}`,
          kind: 'outbox-stale',
          summary: `${schema}.outbox: ${r.n} message(s) waiting, the oldest for ${Math.round(ageS)} s (is NATS reachable?)`,
          details: { schema, count: r.n, oldest: r.oldest },
        });
    }
    return out;
  }
}

/** `alerts=https://127.0.0.1:8441/ready,followup=...` → [name, url] pairs. */
export function parseReadyUrls(text: string): Array<[string, string]> {
  return text
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      return at > 0
        ? ([pair.slice(0, at), pair.slice(at + 1)] as [string, string])
        : ([pair, pair] as [string, string]);
    });
}
