import { randomBytes } from 'node:crypto';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { svomIvorn, svomNoticeToJson, svomNoticeToVoEvent, writeVoEventXml, type SvomNotice } from '@svom/voevent';
import { alertNoticeHeaders, alertNoticeKey } from './messages/alert-notice.message.js';
import { STREAM_NAMES, streamName } from './streams.js';
import { subjectsFor } from './subjects.js';

export const testNatsUrl = process.env.TEST_NATS_URL ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** A connection to the machine's real NATS and a random prefix, so this suite's streams are its own. */
export async function connectTestNats(): Promise<{
  nc: NatsConnection;
  prefix: string;
  url: string;
  cleanup(): Promise<void>;
}> {
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: testNatsUrl, timeout: 3000 });
  } catch (error) {
    throw new Error(`NATS is not reachable at ${testNatsUrl}: start nats-server with JetStream (see README, .ci/run)`, {
      cause: error,
    });
  }
  const prefix = `t${randomBytes(4).toString('hex')}`;
  return {
    nc,
    prefix,
    url: testNatsUrl,
    async cleanup() {
      if (nc.isClosed()) nc = await connect({ servers: testNatsUrl });
      const jsm = await jetstreamManager(nc);
      for (const name of STREAM_NAMES) await jsm.streams.delete(streamName(name, prefix)).catch(() => false);
      await nc.drain();
    },
  };
}

/**
 * Publishes a notice on the ALERTS stream of `prefix` as the alerts service does: its JSON
 * (`svomNoticeToJson`) under its key ({@link alertNoticeKey}, or `msgId`) with its headers, and with
 * `voevent` its VOEvent XML too, under `xml:<key>`. For the suites of the services that consume
 * notices, which run without alerts. Answers the notice's IVORN, key and JSON.
 */
export async function publishAlertNotice(
  nc: NatsConnection,
  prefix: string,
  notice: SvomNotice,
  options: { msgId?: string; voevent?: boolean } = {},
): Promise<{ ivorn: string; key: string; json: Record<string, unknown> }> {
  const ivorn = svomIvorn(notice.burstId, notice.name);
  const key = alertNoticeKey(ivorn, notice.serialNumber);
  const json = svomNoticeToJson(notice) as unknown as Record<string, unknown>;
  const headers = natsHeaders();
  for (const [name, value] of Object.entries(alertNoticeHeaders(notice))) headers.set(name, value);
  const subjects = subjectsFor(prefix).alerts;
  const js = jetstream(nc);
  const msgID = options.msgId ?? key;
  await js.publish(subjects.notice(notice.name), JSON.stringify(json), { msgID, headers });
  if (options.voevent)
    await js.publish(subjects.voevent(notice.name), writeVoEventXml(svomNoticeToVoEvent(notice)), {
      msgID: `xml:${msgID}`,
      headers,
    });
  return { ivorn, key, json };
}
