/**
 * Work that follows a commit whose answer has already gone (offering the committed outbox rows to
 * JetStream, reassembly). The commit is the promise: the outbox row is durable and the outbox
 * drain of any instance publishes it, so nothing waits for this work. Because nothing waits, it
 * is bounded: past `max` runs at once, a commit's work is skipped and left to what sweeps up
 * anyway (the outbox drain, the reassembly sweep), instead of piling up while NATS is stalled.
 * A stopping service waits for the runs started (`settled`) before closing NATS or the database.
 */
export class AfterCommitWork {
  readonly #running = new Set<Promise<void>>();
  /** Runs skipped because `max` were running (left to the sweepers). */
  skipped = 0;

  /**
   * @param max runs at once at most
   * @param onError told of a run that failed (work that must not fail should say so itself)
   */
  constructor(
    private readonly max: number,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Starts `work` unless `max` runs are going; says whether it started. */
  run(work: () => Promise<void>): boolean {
    if (this.#running.size >= this.max) {
      this.skipped++;
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
