import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { XMPP_JSON_CONTAINER, xmppNodesFor } from '@svom/contracts';
import { summaryFromJson } from '@svom/voevent';
import {
  developmentProsody,
  isStanzaError,
  loadXmppGatewayConfig,
  PubSub,
  prosodyAccount,
  xmppClient,
} from '@svom/xmpp-gateway';
import type { Element } from 'ltx';
import { xml } from '@xmpp/client';
import type { NoticeSource, SourceHandlers } from './notice-source.js';

const EVENT_NS = 'http://jabber.org/protocol/pubsub#event';
const SUBSCRIBE_RETRY_MS = 5000;

/**
 * JSON notices from the FSC's XMPP PubSub node `svom.alerts.json` (XEP-0335 containers), as any
 * XMPP client gets them: a plain XEP-0060 subscription, live events only. Without a JID, on a
 * development server, it makes itself an account first (prosodyctl on DATA_DIR/xmpp).
 */
export async function xmppNoticeSource(
  options: {
    jid?: string | undefined;
    password?: string | undefined;
    service?: string | undefined;
    ca?: string | undefined;
    prefix?: string;
  },
  handlers: SourceHandlers,
): Promise<NoticeSource> {
  const config = loadXmppGatewayConfig();
  let jid = options.jid;
  let password = options.password;
  if (!jid) {
    const user = `listen-${randomBytes(4).toString('hex')}`;
    password = randomBytes(12).toString('base64url');
    prosodyAccount(developmentProsody(config), user, password);
    jid = `${user}@${config.XMPP_DOMAIN}`;
    handlers.status(`registered ${jid} on the development server`);
  }
  if (!password) throw new Error(`--password is needed for ${jid}`);
  const [username, domain] = jid.split('@') as [string, string | undefined];
  if (!domain) throw new Error(`${jid} is not a JID (user@domain)`);
  const ca =
    options.ca ??
    (existsSync(join(config.DATA_DIR, 'xmpp', 'tls', 'xmpp.crt'))
      ? join(config.DATA_DIR, 'xmpp', 'tls', 'xmpp.crt')
      : undefined);
  const service = options.service ?? config.XMPP_SERVICE;
  const client = xmppClient({
    service,
    domain,
    username,
    password,
    resource: 'svom-listen',
    caFile: ca,
    timeoutMs: 30_000,
  });
  const node = xmppNodesFor(options.prefix ?? '').jsons;
  const pubsub = new PubSub(client, `pubsub.${domain}`);
  client.on('error', (error: Error) => handlers.status(`XMPP: ${error.message}`));
  client.on('offline', () => handlers.status('XMPP connection closed'));
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const subscribe = async () => {
    try {
      await pubsub.subscribe(node, `${username}@${domain}`);
      handlers.status(`subscribed to ${node} on pubsub.${domain} (${service}) as ${username}@${domain}`);
    } catch (error) {
      // A node the gateway has not made yet (a server it never reached) comes later: try again.
      const missing = isStanzaError(error) && error.condition === 'item-not-found';
      handlers.status(
        `could not subscribe to ${node}: ${(error as Error).message}${missing ? `; trying again in ${SUBSCRIBE_RETRY_MS / 1000} s` : ''}`,
      );
      if (missing && !closed) retry = setTimeout(() => void subscribe(), SUBSCRIBE_RETRY_MS);
    }
  };
  client.on('online', async () => {
    clearTimeout(retry);
    await client.send(xml('presence')).catch(() => undefined);
    await subscribe();
  });
  client.on('stanza', (stanza: Element) => {
    const items = stanza.is('message') ? stanza.getChild('event', EVENT_NS)?.getChild('items') : undefined;
    for (const item of items?.getChildren('item') ?? []) {
      const container = item.getChild(XMPP_JSON_CONTAINER.name, XMPP_JSON_CONTAINER.xmlns);
      try {
        handlers.notice(summaryFromJson(JSON.parse(container?.getText() ?? '')));
      } catch (error) {
        handlers.status(`unreadable item ${item.attrs['id']}: ${(error as Error).message}`);
      }
    }
  });
  client.start().catch((error: Error) => handlers.status(`XMPP not reachable yet (${error.message}); retrying`));
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      client.reconnect.stop();
      await client.stop().catch(() => undefined);
    },
  };
}
