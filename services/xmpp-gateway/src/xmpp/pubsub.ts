import type { Client } from '@xmpp/client';
import { xml } from '@xmpp/client';
import type { Element } from 'ltx';

const NS = 'http://jabber.org/protocol/pubsub';
const NS_OWNER = `${NS}#owner`;
const NS_DATA = 'jabber:x:data';

/** A node's XEP-0060 configuration (`pubsub#<key>` fields). */
export type NodeConfig = Record<string, string>;

let sequence = 0;
const nextId = () => `svom-${process.pid}-${++sequence}`;

export type Affiliation = 'owner' | 'publisher' | 'member' | 'none' | 'outcast';

/** An XMPP error answer: `condition` (RFC 6120) and its `type` (`cancel`, `wait`, `modify`, `auth`). */
export interface StanzaErrorLike {
  condition: string;
  type?: string;
}

export function isStanzaError(error: unknown): error is StanzaErrorLike & Error {
  return (
    (error as { name?: string })?.name === 'StanzaError' && typeof (error as StanzaErrorLike).condition === 'string'
  );
}

/**
 * XEP-0060 requests to one PubSub service (`pubsub.<domain>`), over a connected xmpp.js client.
 * Each answers when the server replied `result` and rejects with its StanzaError otherwise.
 */
export class PubSub {
  constructor(
    private readonly xmpp: Client,
    readonly service: string,
    private readonly timeoutMs = 10_000,
  ) {}

  #set(child: Element): Promise<Element> {
    return this.#request(xml('iq', { type: 'set', to: this.service, id: nextId() }, child));
  }

  #get(child: Element): Promise<Element> {
    return this.#request(xml('iq', { type: 'get', to: this.service, id: nextId() }, child));
  }

  #request(iq: Element): Promise<Element> {
    const answer = this.xmpp.iqCaller.request(iq, this.timeoutMs);
    // xmpp.js 0.14 rejects its pending answer before anything listens to it when an error reply
    // comes back while the request is still being written (fast, local servers): Node then
    // reports an unhandled rejection. The caller still gets the error through `answer`.
    const handlers = (this.xmpp.iqCaller as unknown as { handlers?: Map<string, { promise: Promise<unknown> }> })
      .handlers;
    handlers?.get(String(iq.attrs['id']))?.promise.catch(() => undefined);
    return answer;
  }

  /** Publishes (or replaces: same id) one item; resolves once the server stored it. */
  async publish(node: string, id: string, payload: Element): Promise<void> {
    await this.#set(xml('pubsub', { xmlns: NS }, xml('publish', { node }, xml('item', { id }, payload))));
  }

  /** Creates a node with this configuration; rejects with `conflict` when it exists. */
  async create(node: string, config: NodeConfig): Promise<void> {
    await this.#set(xml('pubsub', { xmlns: NS }, xml('create', { node }), xml('configure', {}, configForm(config))));
  }

  async configure(node: string, config: NodeConfig): Promise<void> {
    await this.#set(xml('pubsub', { xmlns: NS_OWNER }, xml('configure', { node }, configForm(config))));
  }

  /** The node's items, newest first as Prosody keeps them (`max`: the latest that many). */
  async items(node: string, max?: number): Promise<Array<{ id: string; payload: Element | undefined }>> {
    const reply = await this.#get(
      xml('pubsub', { xmlns: NS }, xml('items', max ? { node, max_items: String(max) } : { node })),
    );
    const items = reply.getChild('pubsub', NS)?.getChild('items')?.getChildren('item') ?? [];
    return items.map((item) => ({ id: String(item.attrs['id']), payload: item.getChildElements()[0] }));
  }

  /** Subscribes `jid` (the client's own bare or full JID) to a node. */
  async subscribe(node: string, jid: string): Promise<void> {
    await this.#set(xml('pubsub', { xmlns: NS }, xml('subscribe', { node, jid })));
  }

  async setAffiliations(node: string, entries: Array<{ jid: string; affiliation: Affiliation }>): Promise<void> {
    await this.#set(
      xml(
        'pubsub',
        { xmlns: NS_OWNER },
        xml(
          'affiliations',
          { node },
          ...entries.map((e) => xml('affiliation', { jid: e.jid, affiliation: e.affiliation })),
        ),
      ),
    );
  }

  async affiliations(node: string): Promise<Array<{ jid: string; affiliation: string }>> {
    const reply = await this.#get(xml('pubsub', { xmlns: NS_OWNER }, xml('affiliations', { node })));
    const list = reply.getChild('pubsub', NS_OWNER)?.getChild('affiliations')?.getChildren('affiliation') ?? [];
    return list.map((a) => ({ jid: String(a.attrs['jid']), affiliation: String(a.attrs['affiliation']) }));
  }

  /** Creates the node, or brings an existing one to this configuration. */
  async ensure(node: string, config: NodeConfig): Promise<'created' | 'configured'> {
    try {
      await this.create(node, config);
      return 'created';
    } catch (error) {
      if (!isStanzaError(error) || error.condition !== 'conflict') throw error;
      await this.configure(node, config);
      return 'configured';
    }
  }
}

function configForm(config: NodeConfig): Element {
  return xml(
    'x',
    { xmlns: NS_DATA, type: 'submit' },
    xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, `${NS}#node_config`)),
    ...Object.entries(config).map(([key, value]) => xml('field', { var: `pubsub#${key}` }, xml('value', {}, value))),
  );
}
