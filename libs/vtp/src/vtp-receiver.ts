import { EventEmitter } from 'node:events';
import { isUtf8 } from 'node:buffer';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { createAddressAllowlist } from './address-allowlist.js';
import { DEFAULT_MAX_FRAME_BYTES, encodeFrame } from './frame-decoder.js';
import type { DecodedFrame } from './frame-decoder.js';
import { closeGracefully, listenOn, readFrames } from './framed-socket.js';
import type { FrameDropReason, FrameReader } from './framed-socket.js';
import { silentLogger } from './logger.js';
import type { VtpLogger } from './logger.js';
import { ConnectionLimiter, ReasonCounts, ThrottledWarnings, addressKey } from './peer-guard.js';
import type { RefusalReason } from './peer-guard.js';
import { RateLimiter } from './rate-limiter.js';
import { scanRootElement } from './root-element.scanner.js';
import { buildAck, buildNak } from './transport-message.builder.js';
import { checkWellFormed } from './vtp-message.parser.js';
import {
  DEFAULT_AUTHOR_BURST,
  DEFAULT_AUTHOR_IDLE_TIMEOUT_MS,
  DEFAULT_AUTHOR_PIPELINE_DEPTH,
  DEFAULT_AUTHOR_PORT,
  DEFAULT_AUTHOR_RATE_PER_S,
  DEFAULT_BROKER_IVORN,
  DEFAULT_CLOSE_GRACE_MS,
  DEFAULT_FRAME_DEADLINE_MS,
  DEFAULT_MAX_AUTHOR_CONNECTIONS,
  DEFAULT_MAX_AUTHOR_CONNECTIONS_PER_ADDRESS,
  DEFAULT_MAX_EVENT_BYTES,
  DEFAULT_MAX_QUEUED_BYTES,
  MAX_IVORN_CHARS,
} from './vtp-defaults.js';

/** Outcome of the injected validator (the shape of @svom/voevent's XSD check). */
export interface ValidationOutcome {
  valid: boolean;
  errors?: readonly (string | { message: string })[];
}

/** What the alerts service did with an accepted event. */
export type AcceptOutcome = 'new' | 'duplicate';

/** Options of {@link VtpReceiver}. */
export interface VtpReceiverOptions {
  host?: string;
  /** TCP port for authors; default 8098, 0 for an ephemeral port. */
  port?: number;
  /** IPs/CIDRs of authorised authors; empty (the default) means loopback only. */
  allowlist?: readonly string[];
  /**
   * Schema check (XSD) of a VOEvent. It parses the event itself, so it must also refuse text
   * that is not well-formed XML (an XSD validator does); without it the receiver checks
   * well-formedness alone.
   */
  validate?: (xml: string) => ValidationOutcome | Promise<ValidationOutcome>;
  /**
   * Take responsibility for a valid VOEvent (store it, publish it). A rejection means a
   * transient fault on our side: no receipt is sent and the connection is closed, so the
   * author retries (§6.1), instead of a nak that would tell it never to.
   */
  accept: (ivorn: string, xml: string, context: { remoteAddress: string }) => Promise<AcceptOutcome>;
  /** Our IVOID, the Response of our acks and naks. */
  localIvorn?: string;
  /**
   * Largest VOEvent accepted, in bytes (default 256 KiB). Keep it under what the event's
   * next hop takes (NATS `max_payload` less headers): a bigger one is naked with the limit,
   * read past without being held.
   */
  maxEventBytes?: number;
  /** Frames over this cut the connection (framing lost) instead of a nak (default max(1 MiB, maxEventBytes)). */
  maxFrameBytes?: number;
  /** A frame begun must be complete within this time (default 10 s). */
  frameDeadlineMs?: number;
  /** Author connections at once (default 256). */
  maxConnections?: number;
  /** Author connections from one address or IPv6 /64 (default 32). */
  maxConnectionsPerAddress?: number;
  /** Events per second per author address, sustained (default 100; 0: no limit). */
  ratePerS?: number;
  /** Events an author address may send at once before `ratePerS` applies (default 1000). */
  burst?: number;
  /** Bytes of events received and not yet answered, all connections together (default 64 MiB). */
  maxQueuedBytes?: number;
  /** Events of one connection checked and accepted at once (default 64); past it the socket is not read. */
  pipelineDepth?: number;
  /** Close an author connection silent for this long (default 120 s). */
  idleTimeoutMs?: number;
  closeGraceMs?: number;
  logger?: VtpLogger;
}

/** Why an author connection was cut or refused. */
export type AuthorDropReason = 'garbage' | 'accept-failed' | 'idle' | FrameDropReason | RefusalReason;

/** Why an author's event was naked (or, for `garbage`, its connection cut). */
export type AuthorNakReason =
  | 'too-large'
  | 'not-utf8'
  | 'malformed'
  | 'doctype'
  | 'not-voevent'
  | 'no-ivorn'
  | 'long-ivorn'
  | 'invalid';

/** Counters for metrics. */
export interface VtpReceiverStats {
  connections: number;
  received: number;
  accepted: number;
  duplicates: number;
  naked: number;
  refused: number;
  /** Connections cut for garbage, an oversize frame, a deadline, an accept failure, idleness or a bug. */
  dropped: number;
  /** Connections cut or refused, by reason. */
  drops: Partial<Record<AuthorDropReason, number>>;
  /** Events naked, by reason. */
  naks: Partial<Record<AuthorNakReason, number>>;
  /** Times an author's reading was held back by its rate limit. */
  rateLimited: number;
  /** Bytes held now: partial frames, and events received but not yet answered. */
  heldBytes: number;
}

/** Events of {@link VtpReceiver}. */
export interface VtpReceiverEvents {
  voevent: [event: { ivorn: string; xml: string; outcome: AcceptOutcome; remoteAddress: string }];
  nak: [event: { ivorn: string; reason: string; remoteAddress: string }];
  authorRefused: [remoteAddress: string | undefined, reason: RefusalReason];
  authorDropped: [event: { remoteAddress: string; reason: Exclude<AuthorDropReason, RefusalReason> }];
}

/** One author connection. */
interface Author {
  socket: Socket;
  remoteAddress: string;
  /** Rate-limit key: the address, or its IPv6 /64. */
  key: string;
  reader: FrameReader;
  /** Frames received and not yet started (at most one chunk's worth: the socket is paused meanwhile). */
  waiting: DecodedFrame[];
  /** Frames started and not yet answered, and their bytes. */
  inFlight: number;
  /** Receipts go out in submission order, each after the one before. */
  receipts: Promise<void>;
  /** Set while the author waits for its rate limit. */
  rateTimer: NodeJS.Timeout | undefined;
}

function errorText(outcome: ValidationOutcome): string {
  const first = (outcome.errors ?? []).slice(0, 3).map((e) => (typeof e === 'string' ? e : e.message));
  return first.length > 0 ? first.join('; ') : 'schema validation failed';
}

/**
 * The author side of a broker (VTP 2.0 §6.2): authorised authors connect and submit VOEvents;
 * each is checked (size, encoding, well-formed, no DOCTYPE, then the injected schema
 * validator), handed to `accept`, and answered with an ack or a nak.
 *
 * A recognised duplicate is acked, with Result "duplicate": the note (§5.3) says a nak "is not
 * appropriate if the sender is able to accept the message but then decides not to
 * redistribute it (for example, if it is a duplicate)", and a nak would make the author
 * believe a delivered event was lost.
 *
 * The author closes the connection after the receipt (§6.1); we keep it open meanwhile, so
 * one connection may carry many events, answered in order, until it idles out.
 *
 * Memory is bounded whatever authors do: connections are capped (overall and per address), a
 * partial frame holds at most `maxEventBytes` and must complete within `frameDeadlineMs`, a
 * connection is not read while `pipelineDepth` of its events are in flight, nor while all
 * authors' unanswered events reach `maxQueuedBytes`, nor while its address is over its rate.
 */
export class VtpReceiver extends EventEmitter<VtpReceiverEvents> {
  private readonly server: Server;
  private readonly authors = new Set<Author>();
  private readonly limiter: ConnectionLimiter;
  private readonly rate: RateLimiter;
  private readonly warnings: ThrottledWarnings;
  private readonly opts: VtpReceiverOptions &
    Required<
      Pick<
        VtpReceiverOptions,
        | 'port'
        | 'localIvorn'
        | 'maxEventBytes'
        | 'maxFrameBytes'
        | 'frameDeadlineMs'
        | 'maxConnections'
        | 'maxConnectionsPerAddress'
        | 'maxQueuedBytes'
        | 'pipelineDepth'
        | 'idleTimeoutMs'
        | 'closeGraceMs'
        | 'logger'
      >
    >;
  private readonly counters = { received: 0, accepted: 0, duplicates: 0, naked: 0, rateLimited: 0 };
  private readonly drops = new ReasonCounts<AuthorDropReason>();
  private readonly refusals = new ReasonCounts<AuthorDropReason>();
  private readonly naks = new ReasonCounts<AuthorNakReason>();
  /** Bytes of frames started and not yet answered, all connections together. */
  private inFlightBytes = 0;
  /** Connections waiting for `inFlightBytes` to go under `maxQueuedBytes`. */
  private readonly blocked = new Set<Author>();
  private boundPort: number | undefined;

  constructor(options: VtpReceiverOptions) {
    super();
    const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.opts = {
      ...options,
      port: options.port ?? DEFAULT_AUTHOR_PORT,
      localIvorn: options.localIvorn ?? DEFAULT_BROKER_IVORN,
      maxEventBytes,
      maxFrameBytes: Math.max(options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES, maxEventBytes),
      frameDeadlineMs: options.frameDeadlineMs ?? DEFAULT_FRAME_DEADLINE_MS,
      maxConnections: options.maxConnections ?? DEFAULT_MAX_AUTHOR_CONNECTIONS,
      maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? DEFAULT_MAX_AUTHOR_CONNECTIONS_PER_ADDRESS,
      maxQueuedBytes: options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES,
      pipelineDepth: Math.max(1, options.pipelineDepth ?? DEFAULT_AUTHOR_PIPELINE_DEPTH),
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_AUTHOR_IDLE_TIMEOUT_MS,
      closeGraceMs: options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS,
      logger: options.logger ?? silentLogger,
    };
    this.limiter = new ConnectionLimiter(createAddressAllowlist(options.allowlist ?? []), this.opts);
    this.rate = new RateLimiter(options.ratePerS ?? DEFAULT_AUTHOR_RATE_PER_S, options.burst ?? DEFAULT_AUTHOR_BURST);
    this.warnings = new ThrottledWarnings(this.opts.logger);
    this.server = createServer({ noDelay: true }, (socket) => {
      try {
        this.onConnection(socket);
      } catch (error) {
        this.drops.add('handler-error');
        this.warnings.warn('handler-error', socket.remoteAddress ?? '', { err: error }, 'VTP author dropped');
        socket.destroy();
      }
    });
    this.server.on('error', (error) => this.opts.logger.warn({ err: error }, 'VTP receiver server error'));
  }

  /** Start accepting authors; resolves with the bound port. */
  async listen(): Promise<number> {
    this.boundPort = await listenOn(this.server, this.opts.port, this.opts.host);
    this.opts.logger.info({ port: this.boundPort }, 'VTP receiver listening');
    return this.boundPort;
  }

  get port(): number | undefined {
    return this.boundPort;
  }

  /** The largest event accepted, in bytes. */
  get maxEventBytes(): number {
    return this.opts.maxEventBytes;
  }

  stats(): VtpReceiverStats {
    let heldBytes = this.inFlightBytes;
    for (const author of this.authors) {
      heldBytes += author.reader.bufferedBytes;
      for (const frame of author.waiting) heldBytes += frame.payload.length;
    }
    return {
      connections: this.authors.size,
      ...this.counters,
      refused: this.refusals.total,
      dropped: this.drops.total,
      drops: { ...this.refusals.snapshot(), ...this.drops.snapshot() },
      naks: this.naks.snapshot(),
      heldBytes,
    };
  }

  /** Stop accepting and close author connections once their pending receipts are sent. */
  async close(): Promise<void> {
    for (const author of this.authors) clearTimeout(author.rateTimer);
    await closeGracefully(
      this.server,
      [...this.authors].map((a) => a.socket),
      this.opts.closeGraceMs,
    );
  }

  private onConnection(socket: Socket): void {
    const remoteAddress = socket.remoteAddress ?? '';
    socket.on('error', (error) => this.opts.logger.debug({ err: error, remoteAddress }, 'author socket error'));
    const refusal = this.limiter.admit(socket);
    if (refusal !== undefined) {
      this.refusals.add(refusal);
      this.warnings.warn(refusal, remoteAddress, { reason: refusal }, 'VTP author refused');
      socket.destroy();
      this.emit('authorRefused', socket.remoteAddress, refusal);
      return;
    }
    const author: Author = {
      socket,
      remoteAddress,
      key: addressKey(remoteAddress),
      reader: undefined as unknown as FrameReader,
      waiting: [],
      inFlight: 0,
      receipts: Promise.resolve(),
      rateTimer: undefined,
    };
    this.authors.add(author);
    socket.on('close', () => {
      this.authors.delete(author);
      this.blocked.delete(author);
      clearTimeout(author.rateTimer);
      author.waiting = [];
    });
    socket.setTimeout(this.opts.idleTimeoutMs, () => this.dropAuthor(author, 'idle'));
    author.reader = readFrames(socket, {
      maxFrameBytes: this.opts.maxFrameBytes,
      maxPayloadBytes: this.opts.maxEventBytes,
      frameDeadlineMs: this.opts.frameDeadlineMs,
      onFrame: (frame) => {
        author.waiting.push(frame);
        this.pump(author);
      },
      onDrop: (reason, error) => {
        this.warnings.warn(reason, remoteAddress, { err: error, reason }, 'VTP author dropped');
        this.countDrop(remoteAddress, reason);
      },
    });
  }

  /**
   * Start what may be started of an author's waiting frames: up to `pipelineDepth` in flight
   * (so they share the store's transactions), within the global byte budget and the author's
   * rate. Whatever waits keeps the socket paused, so the kernel pushes back on the author.
   */
  private pump(author: Author): void {
    while (author.waiting.length > 0 && !author.socket.destroyed) {
      if (author.inFlight >= this.opts.pipelineDepth) break;
      if (this.inFlightBytes >= this.opts.maxQueuedBytes) {
        this.blocked.add(author);
        break;
      }
      if (author.rateTimer !== undefined) break;
      const waitMs = this.rate.take(author.key);
      if (waitMs > 0) {
        this.counters.rateLimited++;
        this.warnings.warn('rate', author.remoteAddress, { waitMs }, 'VTP author over its rate: reading paused');
        author.rateTimer = setTimeout(() => {
          author.rateTimer = undefined;
          this.pump(author);
        }, waitMs);
        break;
      }
      this.start(author, author.waiting.shift() as DecodedFrame);
    }
    if (author.waiting.length > 0) author.reader.pause();
    else author.reader.resume();
  }

  private start(author: Author, frame: DecodedFrame): void {
    const bytes = frame.payload.length;
    author.inFlight++;
    this.inFlightBytes += bytes;
    const work = this.onFrame(author, frame);
    author.receipts = author.receipts
      .then(() => work)
      .then((answer) => answer?.())
      .catch((error: unknown) => {
        this.warnings.warn('handler-error', author.remoteAddress, { err: error }, 'VTP author dropped: handler-error');
        this.dropAuthor(author, 'handler-error');
      })
      .finally(() => {
        author.inFlight--;
        this.inFlightBytes -= bytes;
        this.pump(author);
        if (this.inFlightBytes < this.opts.maxQueuedBytes) {
          for (const other of [...this.blocked]) {
            this.blocked.delete(other);
            this.pump(other);
          }
        }
      });
  }

  /**
   * Checks and accepts one frame; resolves with what to do when its turn to be answered comes
   * (earlier frames of the connection answered first).
   */
  private async onFrame(author: Author, { payload, frameBytes }: DecodedFrame): Promise<(() => void) | undefined> {
    const { socket, remoteAddress } = author;
    if (socket.destroyed) return undefined;
    const xml = payload.toString('utf8');
    const root = scanRootElement(xml);
    const ivorn = root?.attributes['ivorn'] ?? '';
    if (payload.length < frameBytes) {
      // Only its head was kept. The ivorn is in the root start tag, within the head in practice.
      this.counters.received++;
      return this.nak(
        author,
        ivorn,
        'too-large',
        `VOEvent of ${frameBytes} bytes is over this broker's limit of ${this.opts.maxEventBytes} bytes`,
      );
    }
    if (root === undefined) {
      // Not XML at all: the peer does not speak VTP, and answering it would be guesswork.
      return () => {
        this.warnings.warn('garbage', remoteAddress, { bytes: payload.length }, 'VTP author dropped: garbage');
        this.dropAuthor(author, 'garbage');
      };
    }
    if (root.localName === 'Transport') return undefined; // e.g. an iamalive response: nothing to do
    this.counters.received++;
    // Relayed as text to NATS and on to subscribers: bytes that are not UTF-8 would come out
    // changed (U+FFFD), and the event would no longer be the author's.
    if (!isUtf8(payload)) return this.nak(author, ivorn, 'not-utf8', 'VOEvent is not UTF-8 text');
    if (root.malformed !== undefined)
      return this.nak(author, ivorn, 'malformed', `VOEvent is not well-formed XML: ${root.malformed}`);
    // A DOCTYPE is refused rather than stripped: VOEvent 2.0 needs none, the entities it may
    // declare would make the text subscribers read differ from the one checked, and stripping
    // it would change what the author signed (and break its entity references).
    if (root.doctype)
      return this.nak(author, ivorn, 'doctype', 'VOEvent has a DOCTYPE: not accepted (VOEvent 2.0 needs none)');
    const problem = await this.check(root.localName, ivorn, xml);
    if (problem !== undefined) return this.nak(author, ivorn, problem[0], problem[1]);
    // An event after garbage or a failed accept on this connection gets no receipt; if it was
    // stored meanwhile, the author's retry is recognised as a duplicate.
    if (socket.destroyed) return undefined;
    let outcome: AcceptOutcome;
    try {
      outcome = await this.opts.accept(ivorn, xml, { remoteAddress });
    } catch (error) {
      return () => {
        this.opts.logger.warn({ err: error, remoteAddress, ivorn }, 'accept failed: connection closed without receipt');
        this.dropAuthor(author, 'accept-failed');
      };
    }
    return () => {
      if (socket.destroyed) return;
      if (outcome === 'duplicate') this.counters.duplicates++;
      else this.counters.accepted++;
      const result =
        outcome === 'duplicate' ? 'duplicate: already received, not redistributed' : 'received and validated';
      this.reply(socket, buildAck(ivorn, { response: this.opts.localIvorn, result }));
      this.emit('voevent', { ivorn, xml, outcome, remoteAddress });
    };
  }

  /** The answer naking an event, counted by `kind`. */
  private nak(author: Author, ivorn: string, kind: AuthorNakReason, reason: string): () => void {
    return () => {
      this.counters.naked++;
      this.naks.add(kind);
      this.warnings.warn(`nak ${kind}`, author.remoteAddress, { ivorn, reason }, 'VOEvent from author naked');
      this.reply(author.socket, buildNak(ivorn, reason, { response: this.opts.localIvorn }));
      this.emit('nak', { ivorn, reason, remoteAddress: author.remoteAddress });
    };
  }

  /** Why to nak, or undefined when the event may be accepted. */
  private async check(localName: string, ivorn: string, xml: string): Promise<[AuthorNakReason, string] | undefined> {
    if (localName !== 'VOEvent') return ['not-voevent', `root element <${localName}> is not a VOEvent`];
    if (ivorn === '') return ['no-ivorn', 'VOEvent has no ivorn attribute'];
    // Every subscriber's ack echoes the ivorn: a huge one would make each ack a huge frame.
    if (ivorn.length > MAX_IVORN_CHARS)
      return [
        'long-ivorn',
        `VOEvent ivorn is ${ivorn.length} characters long; at most ${MAX_IVORN_CHARS} are accepted`,
      ];
    if (this.opts.validate === undefined) {
      const wellFormed = checkWellFormed(xml);
      return wellFormed.ok ? undefined : ['malformed', `VOEvent is not well-formed XML: ${wellFormed.reason}`];
    }
    // A schema validator parses the event itself and reports broken XML with its line: checking
    // well-formedness first as well would parse every event twice (a tenth of the receiver's CPU).
    try {
      const outcome = await this.opts.validate(xml);
      return outcome.valid ? undefined : ['invalid', `VOEvent fails schema validation: ${errorText(outcome)}`];
    } catch (error) {
      return ['invalid', `VOEvent could not be validated: ${(error as Error).message}`];
    }
  }

  private reply(socket: Socket, xml: string): void {
    // A connection ended by close() meanwhile gets no receipt: the author will retry.
    if (!socket.writable) return;
    // A store batch settles many events of a connection at once: their receipts leave in one
    // write (one system call) instead of one each, a tenth of the receiver's CPU at full rate.
    if (socket.writableCorked === 0) {
      socket.cork();
      process.nextTick(() => socket.uncork());
    }
    socket.write(encodeFrame(xml));
  }

  private dropAuthor(author: Author, reason: 'garbage' | 'accept-failed' | 'idle' | 'handler-error'): void {
    if (author.socket.destroyed) return;
    author.socket.destroy();
    this.countDrop(author.remoteAddress, reason);
  }

  private countDrop(remoteAddress: string, reason: Exclude<AuthorDropReason, RefusalReason>): void {
    this.drops.add(reason);
    this.emit('authorDropped', { remoteAddress, reason });
  }
}
