import { subjectsFor } from '@svom/contracts';
import { connectListener, type NatsListenOptions, noticeReader, reportConnection } from './nats-listener.js';
import type { NoticeSource, SourceHandlers } from './notice-source.js';

/**
 * JSON notices straight from NATS (`<prefix>.svom.alerts.notice.>`, core subscription: live
 * notices only, nothing replayed). The client reconnects forever, also when the server is not
 * up yet at start.
 */
export async function natsNoticeSource(options: NatsListenOptions, handlers: SourceHandlers): Promise<NoticeSource> {
  const nc = await connectListener(options);
  const subjects = subjectsFor(options.prefix ?? '').alerts;
  const readNotice = noticeReader(options.prefix);
  reportConnection(nc, handlers);
  const subscription = nc.subscribe(subjects.notices, {
    callback: (error, message) => {
      if (error) return handlers.status(`subscription error: ${error.message}`);
      try {
        handlers.notice(readNotice(message));
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
