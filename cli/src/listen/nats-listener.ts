import { connect, type NatsConnection } from '@nats-io/transport-node';
import { subjectsFor } from '@svom/contracts';
// The kit's NATS credentials alone: its root would load the whole HTTP stack into the CLI.
import { natsConnectAuthOptions, type NatsAuth } from '@svom/service-kit/nats-auth';
import { summaryFromJson, type NoticeSummary } from '@svom/voevent';
import type { SourceHandlers } from './notice-source.js';

/** Where `svom listen --nats` listens: comma-separated servers, the FSC's subject prefix, credentials. */
export interface NatsListenOptions {
  url: string;
  prefix?: string | undefined;
  auth?: NatsAuth;
}

/**
 * The NATS client of `svom listen`, live or replaying: it reconnects forever, also when the server
 * is not up yet at start, for a listener is left running.
 */
export function connectListener(options: NatsListenOptions): Promise<NatsConnection> {
  return connect({
    servers: options.url.split(','),
    name: 'svom-listen',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    waitOnFirstConnect: true,
    ...natsConnectAuthOptions(options.auth),
  });
}

/**
 * Says on the status line when the connection is lost and when it is back, `resumed` telling
 * what then goes on (`resuming the replay`).
 */
export function reportConnection(nc: NatsConnection, handlers: SourceHandlers, resumed?: string): void {
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') handlers.status(`NATS connection lost (${nc.getServer()}); reconnecting`);
      if (status.type === 'reconnect')
        handlers.status(`NATS reconnected (${nc.getServer()})${resumed ? `; ${resumed}` : ''}`);
    }
  })().catch(() => {});
}

/**
 * Reads a message of `<prefix>.svom.alerts.notice.<name>` into its summary, named by what
 * follows `notice.` in the subject; throws on a payload that is no notice.
 */
export function noticeReader(
  prefix: string | undefined,
): (message: { subject: string; json(): unknown }) => NoticeSummary {
  const root = subjectsFor(prefix ?? '').alerts.notices.slice(0, -1); // "...alerts.notice."
  return (message) =>
    summaryFromJson(message.json(), message.subject.startsWith(root) ? message.subject.slice(root.length) : undefined);
}
