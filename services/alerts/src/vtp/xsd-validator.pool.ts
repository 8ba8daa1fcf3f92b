import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { validateVoEventXml, type XsdValidationResult } from '@svom/voevent';
import { GroupCommitBatcher } from '@svom/service-kit';
import type { VtpLogger } from '@svom/vtp';
import type { XsdBatch, XsdJobResult } from './xsd-validate.worker.js';

interface Batch {
  xmls: string[];
  resolve(results: XsdJobResult[]): void;
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Batch>;
  jobs: number;
}

/** Default size: leave one core to the event loop that frames, stores and fans out events. */
export function defaultXsdWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/**
 * Batches a worker holds at once: one being validated, the rest queued there. With two (one
 * validated, one waiting: 6 ms of work), 32 persistent authors left the worker idle whenever a
 * turn of the main thread outlasted them, and the author port fell from about 6,500 to 5,200
 * events/s; eight (25 ms of work at most) keep it busy. Results still come back 32 at a time, so
 * the first events of a long queue are not held for the last.
 */
const BATCHES_PER_WORKER = 8;
/** Events in one message to a worker: a bigger batch would hold its first event's receipt longer. */
const MAX_BATCH = 32;

/**
 * XSD validation of authors' VOEvents in worker threads. On the main thread it took most of
 * the receiver's CPU (about 0.15 ms per event), which capped the author port near 2,000
 * events/s. Events of all connections are batched (group commit): while each worker holds its
 * batches, the events that arrive wait and go together in the next message, so one-shot
 * authors (one event per connection) do not cost a message each. A worker that cannot start or
 * dies hands its batches back to the main thread, and the pool then validates synchronously
 * there (also with `workers: 0`): slower, never wrong.
 */
export class XsdValidatorPool {
  #slots: Slot[] | undefined;
  #nextBatch = 0;
  #closed = false;
  #counts = { inWorkers: 0, onMainThread: 0 };
  readonly #batcher: GroupCommitBatcher<string, XsdJobResult>;

  constructor(
    private readonly workers = defaultXsdWorkers(),
    private readonly logger?: VtpLogger,
  ) {
    this.#batcher = new GroupCommitBatcher((xmls) => this.#send(xmls), {
      maxConcurrent: Math.max(1, workers) * BATCHES_PER_WORKER,
      maxWeight: MAX_BATCH,
    });
  }

  /** Starts the workers now rather than on the first event (a worker takes a while to load). */
  start(): void {
    if (this.workers > 0 && !this.#closed) this.#slots ??= this.#start();
  }

  /** Running workers, and events validated in them or on the main thread (fallback). */
  stats(): { workers: number; inWorkers: number; onMainThread: number } {
    return { workers: this.#slots?.length ?? 0, ...this.#counts };
  }

  async validate(xml: string): Promise<XsdValidationResult> {
    const result =
      this.workers <= 0 || this.#closed
        ? await new Promise<XsdJobResult>((resolve) => setImmediate(() => resolve(this.#runHere([xml])[0]!)))
        : await this.#batcher.submit(xml);
    if ('thrown' in result) throw new Error(result.thrown);
    return result;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const slots = this.#slots ?? [];
    this.#slots = [];
    for (const slot of slots) this.#rescue(slot);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  /** Sends a batch to the least loaded worker (or validates it here when none is left). */
  #send(xmls: string[]): Promise<XsdJobResult[]> {
    const slots = (this.#slots ??= this.#closed ? [] : this.#start());
    if (slots.length === 0) return Promise.resolve(this.#runHere(xmls));
    const slot = slots.reduce((a, b) => (b.jobs < a.jobs ? b : a));
    return new Promise((resolve) => {
      const batchId = this.#nextBatch++;
      slot.inFlight.set(batchId, { xmls, resolve });
      slot.jobs += xmls.length;
      slot.worker.postMessage({ batchId, xmls } satisfies XsdBatch);
    });
  }

  #start(): Slot[] {
    const entry = workerEntry();
    const slots: Slot[] = [];
    for (let i = 0; i < this.workers; i++) {
      let worker: Worker;
      try {
        worker = new Worker(entry.url, { eval: entry.eval, execArgv: entry.execArgv });
      } catch (error) {
        this.logger?.warn({ err: error }, 'XSD worker could not start: validating on the main thread');
        break;
      }
      worker.unref();
      const slot: Slot = { worker, inFlight: new Map(), jobs: 0 };
      worker.on('message', ({ batchId, results }: { batchId: number; results: XsdJobResult[] }) => {
        const batch = slot.inFlight.get(batchId);
        if (batch === undefined) return;
        slot.inFlight.delete(batchId);
        slot.jobs -= batch.xmls.length;
        this.#counts.inWorkers += batch.xmls.length;
        batch.resolve(results);
      });
      const lost = (error?: unknown) => {
        if (this.#closed || !this.#slots?.includes(slot)) return;
        this.logger?.warn({ err: error }, 'XSD worker lost: its events are validated on the main thread');
        this.#slots = this.#slots?.filter((s) => s !== slot);
        this.#rescue(slot);
      };
      worker.on('error', lost);
      worker.on('exit', () => lost());
      slots.push(slot);
    }
    return slots;
  }

  /** Batches of a worker that will not answer are validated here. */
  #rescue(slot: Slot): void {
    const batches = [...slot.inFlight.values()];
    slot.inFlight.clear();
    slot.jobs = 0;
    for (const batch of batches) batch.resolve(this.#runHere(batch.xmls));
  }

  #runHere(xmls: string[]): XsdJobResult[] {
    this.#counts.onMainThread += xmls.length;
    return xmls.map((xml) => {
      try {
        return validateVoEventXml(xml);
      } catch (error) {
        return { thrown: (error as Error).message };
      }
    });
  }
}

/**
 * The worker: the built `.js` beside this module or, when this module runs from its TypeScript
 * source (vitest, `tsx --conditions source`), the `.ts` loaded through tsx's API with the
 * `source` condition, so the worker runs the workspace libraries' sources too. (A worker does not
 * inherit the `--import tsx` hooks on Node 20.)
 */
function workerEntry(): { url: URL | string; eval: boolean; execArgv: string[] } {
  if (!import.meta.url.endsWith('.ts'))
    return { url: new URL('./xsd-validate.worker.js', import.meta.url), eval: false, execArgv: process.execArgv };
  const execArgv = process.execArgv.filter((a) => a !== '--conditions=source');
  execArgv.push('--conditions=source');
  // The ESM build of tsx's API (require.resolve would give its CommonJS one, which fails here).
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const entry = new URL('./xsd-validate.worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return { url: code, eval: true, execArgv };
}
