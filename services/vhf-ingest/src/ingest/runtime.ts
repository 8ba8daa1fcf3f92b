import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { markHeard } from '../db/station.repository.js';
import type { VhfTables } from '../db/tables.js';
import type { IngestConfig } from '../config.js';
import { StationAuthenticator } from '../stations/station-auth.js';
import { StationMonitor } from '../stations/station.monitor.js';
import { recordReceptions, type ReceptionInput, type ReceptionResult } from './reception.service.js';
import { IngestMetrics } from './ingest.metrics.js';
import { AfterCommitWork, GroupCommitBatcher, OutboxPublisher } from '@svom/service-kit';
import { Reassembler } from './reassembler.js';
import { InflightKeys } from './inflight-keys.js';

export type IngestSettings = Pick<
  IngestConfig,
  | 'INCOMPLETE_AFTER_S'
  | 'STATION_SILENT_AFTER_S'
  | 'STATION_REPORT_INTERVAL_S'
  | 'OUTBOX_RETRY_MS'
  | 'WRITE_CONCURRENCY'
  | 'RECEPTION_REQUESTS_PER_MINUTE'
>;

/** The ingest's long-lived parts, made once per app and shared by its routes and timers. */
export interface IngestRuntime {
  db: Kysely<VhfTables>;
  stationAuth: StationAuthenticator;
  /** Writes station requests, several at once when the database is busy (group commit). */
  batcher: GroupCommitBatcher<ReceptionInput[], ReceptionResult[]>;
  /** The post-commit work of answered requests (publishing, reassembly), bounded. */
  afterCommit: AfterCommitWork;
  publisher: OutboxPublisher;
  reassembler: Reassembler;
  monitor: StationMonitor;
  metrics: IngestMetrics;
  settings: IngestSettings;
  /** Notes that a station was heard (written at most once a second per station). */
  stationHeard(stationId: string): void;
  /** Starts the timers: outbox drain, reassembly sweep, station reports. */
  start(): void;
  stop(): Promise<void>;
}

export function createRuntime(app: FastifyInstance, settings: IngestSettings): IngestRuntime {
  const db = app.db as Kysely<VhfTables>;
  const publisher = new OutboxPublisher(db, app.nats, app.log, {
    table: 'vhf.outbox',
    retryMs: settings.OUTBOX_RETRY_MS,
  });
  const reassembler = new Reassembler(db, app.subjects, publisher, app.log);
  const monitor = new StationMonitor(db, app.js, app.subjects, app.log, {
    reportIntervalS: settings.STATION_REPORT_INTERVAL_S,
    silentAfterS: settings.STATION_SILENT_AFTER_S,
  });
  const inflight = new InflightKeys();
  // What follows a commit (offering the packets to JetStream, reassembly) runs after the answer,
  // at most 32 commits' worth at once; past that the outbox drain and the reassembly sweep take it.
  const afterCommit = new AfterCommitWork(32, (error) => app.log.warn({ err: error }, 'post-commit work failed'), {
    registry: app.metrics,
    work: 'receptions',
  });
  // A request is the unit (its receptions weigh one each): a merged write that fails is retried
  // request by request, so one station's bad request is never another's.
  const batcher = new GroupCommitBatcher<ReceptionInput[], ReceptionResult[]>(
    async (requests) => {
      const outcome = await recordReceptions(db, app.subjects, requests.flat(), inflight);
      // The answer goes as soon as the transaction has committed, before the packets are offered
      // to JetStream. The commit is the promise (ICD-VHF 1): each reception is stored and each new
      // packet has its outbox row, which this process or any other publishes (`Nats-Msg-Id`, so
      // once) even if this one dies now. Waiting for the JetStream ack and the deletion of the
      // outbox rows bought nothing durable, and held the 200 past a station's 10 s timeout while
      // NATS or PostgreSQL was slow or restarting: the station then posted the batch again (the
      // fault test of issue 10; measured in bench/reply-while-nats-stalls.ts).
      afterCommit.run(async () => {
        await publisher.publish(outcome.outbox);
        if (outcome.multiFrame.length)
          await reassembler
            .onFrames(outcome.multiFrame)
            .catch((error) => app.log.warn({ err: error }, 'reassembly deferred to the sweeper'));
      });
      let offset = 0;
      return requests.map((inputs) => outcome.results.slice(offset, (offset += inputs.length)));
    },
    { maxConcurrent: settings.WRITE_CONCURRENCY, maxWeight: 2000, weight: (inputs) => inputs.length },
  );
  const lastMarked = new Map<string, number>();
  let sweepTimer: NodeJS.Timeout | undefined;
  return {
    db,
    stationAuth: new StationAuthenticator(db),
    batcher,
    afterCommit,
    publisher,
    reassembler,
    monitor,
    metrics: new IngestMetrics(app.metrics, () => publisher.pending()),
    settings,
    stationHeard(stationId) {
      const now = Date.now();
      if ((lastMarked.get(stationId) ?? 0) > now - 1000) return;
      lastMarked.set(stationId, now);
      markHeard(db, stationId).catch((error) =>
        app.log.warn({ err: error, stationId }, 'could not mark station heard'),
      );
    },
    start() {
      publisher.start();
      monitor.start();
      sweepTimer = setInterval(
        () =>
          void reassembler
            .sweep(settings.INCOMPLETE_AFTER_S)
            .catch((error) => app.log.warn({ err: error }, 'reassembly sweep failed')),
        10_000,
      );
      sweepTimer.unref();
      void publisher.drain();
    },
    async stop() {
      clearInterval(sweepTimer);
      monitor.stop();
      // Publishes of commits already answered finish first (or are left to the next drain).
      await afterCommit.settled();
      await publisher.stop();
    },
  };
}
