import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { Counter, Gauge, type Registry } from 'prom-client';
import { sendProblem } from './plugins/problem.plugin.js';
import { acceptsEventStream } from './sse-accept.js';

/** One Server-Sent Event as `@fastify/sse` sends it. */
export interface SseMessage {
  id?: string;
  event?: string;
  data: unknown;
}

/** What a writer needs of `@fastify/sse`'s reply decoration (the services register the plugin). */
interface SseReply {
  sse: { send(message: SseMessage): Promise<void> };
}

export interface SseWriterOptions {
  /** Messages waiting for a slow client at most; one more and the client is dropped. */
  maxQueued?: number;
  /** A write the client does not take within this drops it (a client that never reads). */
  writeTimeoutMs?: number;
}

/**
 * The event streams a service holds open: a cap overall and per address, admitted in `onRequest`
 * (before anything is read or replayed), and a writer per stream that sends one message at a
 * time and drops a client that stops reading instead of buffering for it without end.
 */
export class SseClients {
  #open = 0;
  readonly #byIp = new Map<string, number>();
  readonly #outcomes: Counter<'outcome'>;

  constructor(
    private readonly limits: { sseMaxClients: number; sseMaxClientsPerIp: number },
    registry?: Registry,
  ) {
    const registers = registry ? [registry] : [];
    this.#outcomes = new Counter({
      name: 'sse_streams_total',
      help: 'event streams by outcome: opened, refused (over a cap), dropped (a client that did not read)',
      labelNames: ['outcome'],
      registers,
    });
    const self = this;
    new Gauge({
      name: 'sse_streams_open',
      help: 'event streams open now',
      registers,
      collect() {
        this.set(self.#open);
      },
    });
  }

  get open(): number {
    return this.#open;
  }

  /**
   * An `onRequest` hook: admits the stream (released when its response closes), or answers 406
   * to a client that does not accept text/event-stream (problem+json, where `@fastify/sse` would
   * answer its own JSON) and 429 over a cap.
   */
  admission(): onRequestAsyncHookHandler {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      if (!acceptsEventStream(request.headers.accept))
        return sendProblem(reply, {
          status: 406,
          code: 'FSC_NOT_ACCEPTABLE',
          detail: `this route answers text/event-stream only, not ${request.headers.accept}`,
          instance: request.url,
        });
      const ip = request.ip ?? 'local';
      const fromIp = this.#byIp.get(ip) ?? 0;
      if (this.#open >= this.limits.sseMaxClients || fromIp >= this.limits.sseMaxClientsPerIp) {
        this.#outcomes.inc({ outcome: 'refused' });
        const which =
          fromIp >= this.limits.sseMaxClientsPerIp
            ? `${fromIp} event streams are open from this address (at most ${this.limits.sseMaxClientsPerIp})`
            : `${this.#open} event streams are open (at most ${this.limits.sseMaxClients})`;
        reply.header('retry-after', '30');
        return sendProblem(reply, { status: 429, code: 'FSC_TOO_MANY_STREAMS', detail: which, instance: request.url });
      }
      this.#open++;
      this.#byIp.set(ip, fromIp + 1);
      this.#outcomes.inc({ outcome: 'opened' });
      reply.raw.once('close', () => {
        this.#open--;
        const left = (this.#byIp.get(ip) ?? 1) - 1;
        if (left > 0) this.#byIp.set(ip, left);
        else this.#byIp.delete(ip);
      });
    };
  }

  /** A writer for one admitted stream. */
  writer(reply: FastifyReply, options: SseWriterOptions = {}): SseWriter {
    return new SseWriter(reply, options, (reason) => {
      this.#outcomes.inc({ outcome: 'dropped' });
      reply.log.warn({ reason }, 'event stream client dropped');
    });
  }
}

/** Sends a stream's messages in order, each write awaited; see {@link SseClients.writer}. */
export class SseWriter {
  readonly #queue: SseMessage[] = [];
  readonly #maxQueued: number;
  readonly #writeTimeoutMs: number;
  #pumping = false;
  #closed = false;

  constructor(
    private readonly reply: FastifyReply,
    options: SseWriterOptions,
    private readonly onDrop: (reason: string) => void,
  ) {
    this.#maxQueued = options.maxQueued ?? 1000;
    this.#writeTimeoutMs = options.writeTimeoutMs ?? 30_000;
    reply.raw.once('close', () => this.#close());
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Queues a message; never throws (a failing client is dropped, the caller goes on). */
  push(message: SseMessage): void {
    if (this.#closed) return;
    if (this.#queue.length >= this.#maxQueued) return this.#drop(`${this.#queue.length} messages waiting`);
    this.#queue.push(message);
    if (!this.#pumping) void this.#pump();
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        const message = this.#queue.shift()!;
        await withTimeout((this.reply as unknown as SseReply).sse.send(message), this.#writeTimeoutMs);
      }
    } catch (error) {
      if (!this.#closed) this.#drop((error as Error).message);
    } finally {
      this.#pumping = false;
    }
  }

  #drop(reason: string): void {
    if (this.#closed) return;
    this.#close();
    this.onDrop(reason);
    this.reply.raw.destroy();
  }

  #close(): void {
    this.#closed = true;
    this.#queue.length = 0;
  }
}

/** The ids a stream sent lately, at most `capacity` of them (the oldest forgotten first). */
export class RecentIds {
  readonly #ids = new Set<string>();
  constructor(private readonly capacity: number) {}

  /** True the first time an id is seen (while it is remembered). */
  add(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.capacity) this.#ids.delete(this.#ids.values().next().value as string);
    return true;
  }

  get size(): number {
    return this.#ids.size;
  }
}

function withTimeout(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`a write not taken in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
