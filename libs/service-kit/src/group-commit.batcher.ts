/** Options of {@link GroupCommitBatcher}. */
export interface GroupCommitOptions<I> {
  /** Batches being written at once (transactions, worker messages); the rest wait and merge. */
  maxConcurrent: number;
  /** Most weight in one batch (a lone item heavier than this still goes, alone). */
  maxWeight: number;
  /** An item's weight (default 1: a batch holds at most `maxWeight` items). */
  weight?: (item: I) => number;
}

interface Pending<I, R> {
  item: I;
  weight: number;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit: items submitted by many callers (HTTP requests, VTP connections) are written
 * together. While fewer than `maxConcurrent` batches are running, what a turn of the event loop
 * gathered goes at once; when the writer is busy, the items that arrive meanwhile wait and go
 * together in the next batch. At low load this adds one event-loop turn; at high load one commit
 * (one WAL flush, one message to a worker) carries many callers' items.
 *
 * Each caller gets its own result, and only once its batch's `write` has resolved (for a store:
 * once durable). A batch that fails is retried item by item, so one item's fault (or bad luck)
 * is never another's: only the items that fail alone are rejected.
 */
export class GroupCommitBatcher<I, R> {
  #queue: Pending<I, R>[] = [];
  #running = 0;
  #scheduled = false;
  readonly #weight: (item: I) => number;

  /**
   * @param write Writes a batch and answers one result per item, in order; a rejection fails the
   *   whole batch (then retried item by item).
   */
  constructor(
    private readonly write: (items: I[]) => Promise<R[]>,
    private readonly options: GroupCommitOptions<I>,
  ) {
    this.#weight = options.weight ?? (() => 1);
  }

  /** Batches being written now, and items waiting for a turn. */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#queue.length };
  }

  /** Resolves with the item's result once its batch is written; rejects if it fails even alone. */
  submit(item: I): Promise<R> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, weight: this.#weight(item), resolve, reject });
      // Gather what this turn of the event loop brings before writing it.
      if (!this.#scheduled && this.#running < this.options.maxConcurrent) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          this.#pump();
        });
      }
    });
  }

  #pump(): void {
    while (this.#running < this.options.maxConcurrent && this.#queue.length > 0) {
      const batch: Pending<I, R>[] = [];
      let weight = 0;
      while (
        this.#queue.length > 0 &&
        (batch.length === 0 || weight + this.#queue[0]!.weight <= this.options.maxWeight)
      ) {
        const next = this.#queue.shift()!;
        batch.push(next);
        weight += next.weight;
      }
      this.#running++;
      void this.#run(batch).finally(() => {
        this.#running--;
        this.#pump();
      });
    }
  }

  async #run(batch: Pending<I, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.write(batch.map((p) => p.item));
      if (results.length !== batch.length)
        throw new Error(`group commit: ${results.length} results for a batch of ${batch.length}`);
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      // Alone, each item may well succeed: the failure could be one item's doing.
      await Promise.all(batch.map((p) => this.#run([p])));
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i]!));
  }
}
