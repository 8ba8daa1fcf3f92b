import { VtpSubscriber } from '@svom/vtp';
import type { NoticeSource, SourceHandlers } from './notice-source.js';
import { summaryFromVoEventXml } from '@svom/voevent';

/** VOEvents from any VTP broker (ours on 8099, Comet, GCN Classic); the subscriber reconnects with back-off. */
export async function vtpNoticeSource(
  options: { host: string; port: number },
  handlers: SourceHandlers,
): Promise<NoticeSource> {
  const subscriber = new VtpSubscriber({
    host: options.host,
    port: options.port,
    localIvorn: 'ivo://org.svom/fsc#svom-listen',
  });
  subscriber.on('connected', ({ host, port }) => handlers.status(`connected to VTP broker ${host}:${port}`));
  subscriber.on('disconnected', ({ reason }) => handlers.status(`VTP connection lost: ${reason}`));
  subscriber.on('reconnecting', ({ delayMs }) => handlers.status(`reconnecting in ${(delayMs / 1000).toFixed(1)} s`));
  subscriber.on('protocolError', (error) => handlers.status(`unreadable VTP message: ${error.message}`));
  subscriber.on('voevent', (message) => {
    try {
      handlers.notice(summaryFromVoEventXml(message.xml));
    } catch (error) {
      handlers.status(`unreadable VOEvent ${message.ivorn}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  subscriber.start();
  return { close: () => subscriber.close() };
}
