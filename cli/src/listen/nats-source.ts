import { connect } from '@nats-io/transport-node';
import { subjectsFor } from '@svom/contracts';
import type { NoticeSource, SourceHandlers } from './notice-source.js';
import { summaryFromJson } from '@svom/voevent';
import { natsConnectAuthOptions, type NatsAuth } from '@svom/service-kit';

/**
 * JSON notices straight from NATS (`<prefix>.svom.alerts.notice.>`, core subscription: live
 * notices only, nothing replayed). The client reconnects forever, also when the server is not
 * up yet at start.
 */
export async function natsNoticeSource(
  options: { url: string; prefix?: string | undefined; auth?: NatsAuth },
  handlers: SourceHandlers,
): Promise<NoticeSource> {
  const nc = await connect({
    servers: options.url.split(','),
    name: 'svom-listen',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    waitOnFirstConnect: true,
    ...natsConnectAuthOptions(options.auth),
  });
  const subjects = subjectsFor(options.prefix ?? '').alerts;
  const root = subjects.notices.slice(0, -1); // "...alerts.notice."
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') handlers.status(`NATS connection lost (${nc.getServer()}); reconnecting`);
      if (status.type === 'reconnect') handlers.status(`NATS reconnected (${nc.getServer()})`);
    }
  })().catch(() => {});
  const subscription = nc.subscribe(subjects.notices, {
    callback: (error, message) => {
      if (error) return handlers.status(`subscription error: ${error.message}`);
      try {
        handlers.notice(
          summaryFromJson(
            message.json(),
            message.subject.startsWith(root) ? message.subject.slice(root.length) : undefined,
          ),
        );
      } catch (cause) {
        handlers.status(
          `unreadable notice on ${message.subject}: ${cause instanceof Error ? cause.message : String(cause)}`,
        );
      }
    },
  });
  // Said once the server has the subscription (a flush is its round trip), not before: a notice
  // published after the line is printed is one this listener gets.
  await nc.flush();
  handlers.status(`listening on ${subjects.notices} at ${nc.getServer()}`);
  return {
    async close() {
      subscription.unsubscribe();
      await nc.close();
    },
  };
}
