import { Counter, type Registry } from 'prom-client';

/** Where a service counts the runs its post-commit work skipped (`after_commit_work_skipped_total{work}`). */
export interface AfterCommitMetrics {
  /** The service's Prometheus registry (`app.metrics`). */
  registry: Registry;
  /** Which work, the label: one service may have more than one. */
  work: string;
}

// One counter per registry, whatever the number of works that count in it.
const skippedByRegistry = new WeakMap<Registry, Counter<'work'>>();

function skippedCounter(registry: Registry): Counter<'work'> {
  let counter = skippedByRegistry.get(registry);
  if (!counter) {
    counter = new Counter({
      name: 'after_commit_work_skipped_total',
      help: 'post-commit runs not started because the most allowed were going (left to the outbox drain and the sweepers)',
      labelNames: ['work'],
      registers: [registry],
    });
    skippedByRegistry.set(registry, counter);
  }
  return counter;
}

/**
 * Work that follows a commit whose answer has already gone (offering the committed outbox rows to
 * JetStream, reassembly). The commit is the promise: the outbox row is durable and the outbox
 * drain of any instance publishes it, so nothing waits for this work. Because nothing waits, it
 * is bounded: past `max` runs at once, a commit's work is skipped and left to what sweeps up
 * anyway (the outbox drain, the reassembly sweep), instead of piling up while NATS is stalled.
 * A stopping service waits for the runs started (`settled`) before closing NATS or the database.
 * Skips are counted in the service's metrics when it gives them: many mean NATS is slow to ack,
 * and the committed work waits for the sweepers' next pass.
 */
export class AfterCommitWork {
  readonly #running = new Set<Promise<void>>();
  readonly #skippedTotal: { inc(): void } | undefined;
  /** Runs skipped because `max` were running (left to the sweepers). */
  skipped = 0;

  /**
   * @param max runs at once at most
   * @param onError told of a run that failed (work that must not fail should say so itself)
   * @param metrics where the skipped runs are counted (none: only in `skipped`)
   */
  constructor(
    private readonly max: number,
    private readonly onError: (error: unknown) => void = () => {},
    metrics?: AfterCommitMetrics,
  ) {
    if (metrics) {
      const counter = skippedCounter(metrics.registry);
      const labels = { work: metrics.work };
      // Zero from the start, so a scrape shows the series before the first skip.
      counter.inc(labels, 0);
      this.#skippedTotal = { inc: () => counter.inc(labels) };
    }
  }

  /** Starts `work` unless `max` runs are going; says whether it started. */
  run(work: () => Promise<void>): boolean {
    if (this.#running.size >= this.max) {
      this.skipped++;
      this.#skippedTotal?.inc();
      return false;
    }
    const running: Promise<void> = work()
      .catch(this.onError)
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
    return true;
  }

  /** Runs going now. */
  get running(): number {
    return this.#running.size;
  }

  /** Resolves once every run started so far (and any they started) has finished. */
  async settled(): Promise<void> {
    while (this.#running.size) await Promise.allSettled([...this.#running]);
  }
}
