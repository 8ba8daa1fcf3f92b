import type { ReceptionInput, ReceptionResult, RecordOutcome } from './reception.service.js';

interface Pending {
  inputs: ReceptionInput[];
  resolve(results: ReceptionResult[]): void;
  reject(error: unknown): void;
}

/**
 * Group commit for station requests. While fewer than `maxConcurrent` transactions are running a
 * request is written at once, alone; when the database is busy, the requests that arrive in the
 * meantime are written together in the next transaction. At low load this adds no latency; at
 * high load one commit (one WAL flush) carries many stations' receptions. Each request still gets
 * its own results, and a merged write that fails is retried request by request, so one request's
 * bad luck is never another's.
 */
export class ReceptionBatcher {
  #queue: Pending[] = [];
  #running = 0;

  constructor(
    private readonly write: (inputs: ReceptionInput[]) => Promise<RecordOutcome>,
    /** What follows a commit (publishing, reassembly); must not throw. */
    private readonly afterCommit: (outcome: RecordOutcome) => Promise<void>,
    private readonly options: { maxConcurrent: number; maxReceptions: number },
  ) {}

  /** Records one request's receptions; resolves with its results once they are committed and offered to JetStream. */
  submit(inputs: ReceptionInput[]): Promise<ReceptionResult[]> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ inputs, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#running < this.options.maxConcurrent && this.#queue.length > 0) {
      const batch: Pending[] = [];
      let receptions = 0;
      while (
        this.#queue.length > 0 &&
        (batch.length === 0 || receptions + this.#queue[0]!.inputs.length <= this.options.maxReceptions)
      ) {
        const next = this.#queue.shift()!;
        batch.push(next);
        receptions += next.inputs.length;
      }
      this.#running++;
      void this.#run(batch).finally(() => {
        this.#running--;
        this.#pump();
      });
    }
  }

  async #run(batch: Pending[]): Promise<void> {
    let outcome: RecordOutcome;
    try {
      outcome = await this.write(batch.flatMap((p) => p.inputs));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      // Alone, each request may well succeed: the failure could be one request's doing.
      await Promise.all(batch.map((p) => this.#run([p])));
      return;
    }
    await this.afterCommit(outcome);
    let offset = 0;
    for (const pending of batch) {
      pending.resolve(outcome.results.slice(offset, offset + pending.inputs.length));
      offset += pending.inputs.length;
    }
  }
}
