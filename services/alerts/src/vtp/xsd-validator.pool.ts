import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { validateVoEventXml, type XsdValidationResult } from '@svom/voevent';
import type { VtpLogger } from '@svom/vtp';
import type { XsdBatch, XsdJobResult } from './xsd-validate.worker.js';

interface Job {
  xml: string;
  resolve(result: XsdValidationResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Job[]>;
  jobs: number;
}

/** Default size: leave one core to the event loop that frames, stores and fans out events. */
export function defaultXsdWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/**
 * XSD validation of authors' VOEvents in worker threads. On the main thread it took most of
 * the receiver's CPU (about 0.15 ms per event), which capped the author port near 2,000
 * events/s. Jobs of one tick go to a worker as one message. A worker that cannot start or dies
 * hands its jobs back to the main thread, and the pool then validates synchronously there
 * (also with `workers: 0`): slower, never wrong.
 */
export class XsdValidatorPool {
  #slots: Slot[] | undefined;
  #queue: Job[] = [];
  #scheduled = false;
  #nextBatch = 0;
  #closed = false;
  #counts = { inWorkers: 0, onMainThread: 0 };

  constructor(
    private readonly workers = defaultXsdWorkers(),
    private readonly logger?: VtpLogger,
  ) {}

  /** Starts the workers now rather than on the first event (a worker takes a while to load). */
  start(): void {
    if (this.workers > 0 && !this.#closed) this.#slots ??= this.#start();
  }

  /** Running workers, and events validated in them or on the main thread (fallback). */
  stats(): { workers: number; inWorkers: number; onMainThread: number } {
    return { workers: this.#slots?.length ?? 0, ...this.#counts };
  }

  validate(xml: string): Promise<XsdValidationResult> {
    if (this.workers <= 0 || this.#closed) {
      return new Promise((resolve, reject) => setImmediate(() => this.#runHere({ xml, resolve, reject })));
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ xml, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#dispatch());
      }
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const slots = this.#slots ?? [];
    this.#slots = [];
    for (const slot of slots) this.#rescue(slot);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  #dispatch(): void {
    this.#scheduled = false;
    const jobs = this.#queue.splice(0, this.#queue.length);
    const slots = (this.#slots ??= this.#start());
    if (slots.length === 0) {
      for (const job of jobs) this.#runHere(job);
      return;
    }
    // Spread the tick's jobs over the least loaded workers.
    const share = Math.ceil(jobs.length / slots.length);
    const byLoad = [...slots].sort((a, b) => a.jobs - b.jobs);
    for (let i = 0, s = 0; i < jobs.length; i += share, s++) {
      const slot = byLoad[s]!;
      const part = jobs.slice(i, i + share);
      const batchId = this.#nextBatch++;
      slot.inFlight.set(batchId, part);
      slot.jobs += part.length;
      slot.worker.postMessage({ batchId, xmls: part.map((j) => j.xml) } satisfies XsdBatch);
    }
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
        const jobs = slot.inFlight.get(batchId) ?? [];
        slot.inFlight.delete(batchId);
        slot.jobs -= jobs.length;
        this.#counts.inWorkers += jobs.length;
        jobs.forEach((job, i) => {
          const result = results[i]!;
          if ('thrown' in result) job.reject(new Error(result.thrown));
          else job.resolve(result);
        });
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

  /** Jobs of a worker that will not answer are validated here. */
  #rescue(slot: Slot): void {
    const jobs = [...slot.inFlight.values()].flat();
    slot.inFlight.clear();
    slot.jobs = 0;
    for (const job of jobs) this.#runHere(job);
  }

  #runHere(job: Job): void {
    this.#counts.onMainThread++;
    try {
      job.resolve(validateVoEventXml(job.xml));
    } catch (error) {
      job.reject(error as Error);
    }
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
