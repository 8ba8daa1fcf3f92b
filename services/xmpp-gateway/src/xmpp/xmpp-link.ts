import type { Client } from '@xmpp/client';
import type { FastifyBaseLogger } from 'fastify';
import { isStanzaError, PubSub, type NodeConfig } from './pubsub.js';
import { xmppClient, type XmppAccount } from './xmpp-client.js';

/** Thrown while the XMPP server is not connected: the message is redelivered later. */
export class XmppAwayError extends Error {
  override name = 'XmppAwayError';
  readonly code = 'XMPP_AWAY';
}

const ERROR_LOG_EVERY_MS = 60_000;

export interface NodeDefaults {
  /** Items a node keeps (XEP-0060 `pubsub#max_items`). */
  maxItems: number;
  /**
   * Open nodes made as soon as the session opens, before anything is published to them: a
   * subscriber that comes first (a fresh server, a quiet night) can subscribe at once.
   */
  standingNodes?: readonly string[];
}

/**
 * The gateway's XMPP session and what it knows of its nodes. xmpp.js reconnects by itself (also
 * when the server is not up at start); while offline every publish fails at once, so JetStream
 * keeps the message and redelivers it. A node is created (or brought to its configuration) the
 * first time this process publishes to it, the standing ones as soon as the session opens.
 */
export class XmppLink {
  readonly xmpp: Client;
  readonly pubsub: PubSub;
  online = false;
  /** When the session was last opened or lost (ISO), and why it was lost. */
  since: string | null = null;
  lastError: string | null = null;
  readonly #ensured = new Map<string, Promise<unknown>>();
  #stopped = false;
  #lastErrorLoggedAt = 0;

  constructor(
    readonly account: XmppAccount,
    readonly pubsubService: string,
    private readonly options: NodeDefaults & { timeoutMs: number; log: FastifyBaseLogger },
  ) {
    this.xmpp = xmppClient(account);
    this.pubsub = new PubSub(this.xmpp, pubsubService, options.timeoutMs);
    this.xmpp.on('online', () => {
      this.online = true;
      this.since = new Date().toISOString();
      options.log.info({ service: account.service, pubsub: pubsubService }, 'XMPP session open');
      for (const node of options.standingNodes ?? [])
        this.ensureNode(node, 'open').catch((error: Error) =>
          options.log.warn({ err: error, node }, 'could not make a standing node; it is made at its first publish'),
        );
    });
    this.xmpp.on('offline', () => this.#lost('offline'));
    this.xmpp.on('disconnect', () => this.#lost('disconnected'));
    this.xmpp.on('error', (error: Error) => {
      // xmpp.js retries every second: the same error (a refused certificate, a wrong password)
      // is logged when it first comes and then once a minute, not at every attempt.
      const repeated = error.message === this.lastError && Date.now() - this.#lastErrorLoggedAt < ERROR_LOG_EVERY_MS;
      this.lastError = error.message;
      if (this.#stopped || repeated) return;
      this.#lastErrorLoggedAt = Date.now();
      options.log.warn({ err: error }, 'XMPP error');
    });
  }

  get jid(): string {
    return `${this.account.username}@${this.account.domain}`;
  }

  #lost(why: string): void {
    if (this.online) this.options.log.warn({ why }, 'XMPP session lost; reconnecting');
    if (this.online) this.since = new Date().toISOString();
    this.online = false;
  }

  /** Connects in the background; resolves at once (xmpp.js retries every second until it is in). */
  start(): void {
    this.xmpp.start().catch((error: Error) => {
      this.lastError = error.message;
      this.options.log.warn({ err: error }, 'XMPP server not reachable yet; retrying');
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.xmpp.reconnect.stop();
    await this.xmpp.stop().catch(() => undefined);
    this.online = false;
  }

  /** Resolves once online; rejects with XmppAwayError after `timeoutMs` or once stopped. */
  async whenOnline(timeoutMs = 15_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.online) {
      if (Date.now() > until || this.#stopped)
        throw new XmppAwayError(`the XMPP server is not connected (${this.lastError ?? 'connecting'})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  nodeConfig(access: 'open' | 'whitelist', title: string): NodeConfig {
    return {
      title,
      access_model: access,
      publish_model: 'publishers',
      persist_items: '1',
      max_items: String(this.options.maxItems),
      notify_retract: '1',
      send_last_published_item: 'never',
    };
  }

  /** Publishes one item once the server stored it (its node made first if this process has not yet). */
  async publish(node: string, access: 'open' | 'whitelist', itemId: string, payload: Parameters<PubSub['publish']>[2]) {
    // Away: wait a little for the session (a reconnect takes a second or two) before giving the
    // message back to JetStream; still away after that, the consumer backs off.
    if (!this.online) await this.whenOnline(this.options.timeoutMs);
    await this.ensureNode(node, access);
    try {
      await this.pubsub.publish(node, itemId, payload);
    } catch (error) {
      // Deleted behind our back (an operator's purge): made again, then published.
      if (!isStanzaError(error) || error.condition !== 'item-not-found') throw error;
      this.#ensured.delete(node);
      await this.ensureNode(node, access);
      await this.pubsub.publish(node, itemId, payload);
    }
  }

  /** Creates the node or brings it to the gateway's configuration, once per process (and again after a failure). */
  ensureNode(node: string, access: 'open' | 'whitelist'): Promise<unknown> {
    let ensuring = this.#ensured.get(node);
    if (!ensuring) {
      ensuring = this.pubsub.ensure(node, this.nodeConfig(access, node));
      ensuring.catch(() => this.#ensured.delete(node));
      this.#ensured.set(node, ensuring);
    }
    return ensuring;
  }
}
