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
  /** Post-commit work still running (publishing, reassembly). */
  #afterwards = new Set<Promise<void>>();
  /** Commits whose post-commit work was left to the outbox drain and the reassembly sweep. */
  skippedAfterCommit = 0;

  constructor(
    private readonly write: (inputs: ReceptionInput[]) => Promise<RecordOutcome>,
    /** What follows a commit (publishing, reassembly); must not throw. */
    private readonly afterCommit: (outcome: RecordOutcome) => Promise<void>,
    private readonly options: {
      maxConcurrent: number;
      maxReceptions: number;
      /** Post-commit runs at once at most; past it a commit leaves its packets to the outbox drain. */
      maxAfterCommit: number;
    },
  ) {}

  /** Records one request's receptions; resolves with its results once they are committed. */
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
    // The answer goes as soon as the transaction has committed, before the packets are offered to
    // JetStream. The commit is the promise (ICD-VHF 1): each reception is stored and each new
    // packet has its outbox row, which this process or any other publishes (`Nats-Msg-Id`, so
    // once) even if this one dies now. Waiting for the JetStream ack and the deletion of the
    // outbox rows bought nothing durable, and held the 200 past a station's 10 s timeout while
    // NATS or PostgreSQL was slow or restarting: the station then posted the batch again (the
    // fault test of issue 10; measured in bench/reply-while-nats-stalls.ts).
    let offset = 0;
    for (const pending of batch) {
      pending.resolve(outcome.results.slice(offset, offset + pending.inputs.length));
      offset += pending.inputs.length;
    }
    // Bounded, since nothing waits for it any more: with NATS stalled, what is past the bound
    // waits in the outbox (drained within OUTBOX_RETRY_MS) and the reassembly sweep (10 s).
    if (this.#afterwards.size >= this.options.maxAfterCommit) {
      this.skippedAfterCommit++;
      return;
    }
    const work = this.afterCommit(outcome).finally(() => this.#afterwards.delete(work));
    this.#afterwards.add(work);
  }

  /** Resolves once the post-commit work started so far has finished (before closing NATS or the database). */
  async settled(): Promise<void> {
    while (this.#afterwards.size) await Promise.allSettled([...this.#afterwards]);
  }
}
