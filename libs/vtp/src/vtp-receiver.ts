import { EventEmitter } from 'node:events';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { createAddressAllowlist } from './address-allowlist.js';
import { DEFAULT_MAX_FRAME_BYTES, encodeFrame } from './frame-decoder.js';
import { closeGracefully, listenOn, readFrames } from './framed-socket.js';
import { silentLogger } from './logger.js';
import type { VtpLogger } from './logger.js';
import { scanRootElement } from './root-element.scanner.js';
import { buildAck, buildNak } from './transport-message.builder.js';
import { checkWellFormed } from './vtp-message.parser.js';
import {
  DEFAULT_AUTHOR_IDLE_TIMEOUT_MS,
  DEFAULT_AUTHOR_PORT,
  DEFAULT_BROKER_IVORN,
  DEFAULT_CLOSE_GRACE_MS,
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
  maxFrameBytes?: number;
  /** Close an author connection silent for this long (default 120 s). */
  idleTimeoutMs?: number;
  closeGraceMs?: number;
  logger?: VtpLogger;
}

/** Counters for metrics. */
export interface VtpReceiverStats {
  connections: number;
  received: number;
  accepted: number;
  duplicates: number;
  naked: number;
  refused: number;
  /** Connections cut for garbage, an oversize frame, an accept failure or idleness. */
  dropped: number;
}

/** Events of {@link VtpReceiver}. */
export interface VtpReceiverEvents {
  voevent: [event: { ivorn: string; xml: string; outcome: AcceptOutcome; remoteAddress: string }];
  nak: [event: { ivorn: string; reason: string; remoteAddress: string }];
  authorRefused: [remoteAddress: string | undefined];
  authorDropped: [event: { remoteAddress: string; reason: 'garbage' | 'frame-too-large' | 'accept-failed' | 'idle' }];
}

/** Events of one connection checked and accepted at once (their receipts still go in order). */
const PIPELINE_DEPTH = 64;

function errorText(outcome: ValidationOutcome): string {
  const first = (outcome.errors ?? []).slice(0, 3).map((e) => (typeof e === 'string' ? e : e.message));
  return first.length > 0 ? first.join('; ') : 'schema validation failed';
}

/**
 * The author side of a broker (VTP 2.0 §6.2): authorised authors connect and submit VOEvents;
 * each is checked (well-formed, then the injected schema validator), handed to `accept`, and
 * answered with an ack or a nak.
 *
 * A recognised duplicate is acked, with Result "duplicate": the note (§5.3) says a nak "is not
 * appropriate if the sender is able to accept the message but then decides not to
 * redistribute it (for example, if it is a duplicate)", and a nak would make the author
 * believe a delivered event was lost.
 *
 * The author closes the connection after the receipt (§6.1); we keep it open meanwhile, so
 * one connection may carry many events, answered in order, until it idles out.
 */
export class VtpReceiver extends EventEmitter<VtpReceiverEvents> {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly allowed: (address: string | undefined) => boolean;
  private readonly opts: VtpReceiverOptions &
    Required<
      Pick<VtpReceiverOptions, 'port' | 'localIvorn' | 'maxFrameBytes' | 'idleTimeoutMs' | 'closeGraceMs' | 'logger'>
    >;
  private readonly counters: Omit<VtpReceiverStats, 'connections'> = {
    received: 0,
    accepted: 0,
    duplicates: 0,
    naked: 0,
    refused: 0,
    dropped: 0,
  };
  private boundPort: number | undefined;

  constructor(options: VtpReceiverOptions) {
    super();
    this.allowed = createAddressAllowlist(options.allowlist ?? []);
    this.opts = {
      ...options,
      port: options.port ?? DEFAULT_AUTHOR_PORT,
      localIvorn: options.localIvorn ?? DEFAULT_BROKER_IVORN,
      maxFrameBytes: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_AUTHOR_IDLE_TIMEOUT_MS,
      closeGraceMs: options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS,
      logger: options.logger ?? silentLogger,
    };
    this.server = createServer({ noDelay: true }, (socket) => this.onConnection(socket));
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

  stats(): VtpReceiverStats {
    return { connections: this.sockets.size, ...this.counters };
  }

  /** Stop accepting and close author connections once their pending receipts are sent. */
  async close(): Promise<void> {
    await closeGracefully(this.server, this.sockets, this.opts.closeGraceMs);
  }

  private onConnection(socket: Socket): void {
    const remoteAddress = socket.remoteAddress ?? '';
    socket.on('error', (error) => this.opts.logger.debug({ err: error, remoteAddress }, 'author socket error'));
    if (!this.allowed(socket.remoteAddress)) {
      this.counters.refused++;
      this.opts.logger.warn({ remoteAddress }, 'VTP author refused by allowlist');
      socket.destroy();
      this.emit('authorRefused', socket.remoteAddress);
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.setTimeout(this.opts.idleTimeoutMs, () => this.dropAuthor(socket, remoteAddress, 'idle'));
    // Receipts must come back in submission order, but an author may send many events without
    // waiting for them: up to PIPELINE_DEPTH events of one connection are checked and accepted
    // at once (so they share the store's transactions), and answered one after another.
    let receipts: Promise<void> = Promise.resolve();
    const started: Promise<unknown>[] = [];
    readFrames(
      socket,
      this.opts.maxFrameBytes,
      (payload) => {
        const gate = started.length >= PIPELINE_DEPTH ? started.shift() : undefined;
        const work = (gate ?? Promise.resolve()).then(() => this.onPayload(socket, remoteAddress, payload));
        started.push(work.catch(() => undefined));
        receipts = receipts
          .then(() => work)
          .then((answer) => answer?.())
          .catch((error: unknown) => {
            this.opts.logger.warn({ err: error, remoteAddress }, 'author frame handling failed');
            socket.destroy();
          });
      },
      (error) => {
        this.opts.logger.warn({ err: error, remoteAddress }, 'oversize frame from author: disconnected');
        this.countDrop(remoteAddress, 'frame-too-large');
      },
    );
  }

  /**
   * Checks and accepts one frame; resolves with what to do when its turn to be answered comes
   * (earlier frames of the connection answered first).
   */
  private async onPayload(socket: Socket, remoteAddress: string, payload: Buffer): Promise<(() => void) | undefined> {
    if (socket.destroyed) return undefined;
    const xml = payload.toString('utf8');
    const root = scanRootElement(xml);
    if (root === undefined) {
      // Not XML at all: the peer does not speak VTP, and answering it would be guesswork.
      return () => {
        this.opts.logger.warn({ remoteAddress, bytes: payload.length }, 'garbage frame from author: disconnected');
        this.dropAuthor(socket, remoteAddress, 'garbage');
      };
    }
    if (root.localName === 'Transport') return undefined; // e.g. an iamalive response: nothing to do
    const ivorn = root.attributes['ivorn'] ?? '';
    this.counters.received++;
    const reason = await this.check(root.localName, ivorn, xml);
    if (reason !== undefined) {
      return () => {
        this.counters.naked++;
        this.opts.logger.warn({ remoteAddress, ivorn, reason }, 'VOEvent from author naked');
        this.reply(socket, buildNak(ivorn, reason, { response: this.opts.localIvorn }));
        this.emit('nak', { ivorn, reason, remoteAddress });
      };
    }
    // An event after garbage or a failed accept on this connection gets no receipt; if it was
    // stored meanwhile, the author's retry is recognised as a duplicate.
    if (socket.destroyed) return undefined;
    let outcome: AcceptOutcome;
    try {
      outcome = await this.opts.accept(ivorn, xml, { remoteAddress });
    } catch (error) {
      return () => {
        this.opts.logger.warn({ err: error, remoteAddress, ivorn }, 'accept failed: connection closed without receipt');
        this.dropAuthor(socket, remoteAddress, 'accept-failed');
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

  /** Reason to nak, or undefined when the event may be accepted. */
  private async check(localName: string, ivorn: string, xml: string): Promise<string | undefined> {
    if (localName !== 'VOEvent') return `root element <${localName}> is not a VOEvent`;
    if (ivorn === '') return 'VOEvent has no ivorn attribute';
    if (this.opts.validate === undefined) {
      const wellFormed = checkWellFormed(xml);
      return wellFormed.ok ? undefined : `VOEvent is not well-formed XML: ${wellFormed.reason}`;
    }
    // A schema validator parses the event itself and reports broken XML with its line: checking
    // well-formedness first as well would parse every event twice (a tenth of the receiver's CPU).
    try {
      const outcome = await this.opts.validate(xml);
      return outcome.valid ? undefined : `VOEvent fails schema validation: ${errorText(outcome)}`;
    } catch (error) {
      return `VOEvent could not be validated: ${(error as Error).message}`;
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

  private dropAuthor(socket: Socket, remoteAddress: string, reason: 'garbage' | 'accept-failed' | 'idle'): void {
    if (socket.destroyed) return;
    socket.destroy();
    this.countDrop(remoteAddress, reason);
  }

  private countDrop(remoteAddress: string, reason: VtpReceiverEvents['authorDropped'][0]['reason']): void {
    this.counters.dropped++;
    this.emit('authorDropped', { remoteAddress, reason });
  }
}
