import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { alertNoticeExample } from '@svom/contracts';
import { eventStream, RecentIds } from '@svom/service-kit';
import { noticeSeqByMsgId, noticesSince } from '../db/notice.repository.js';
import type { FeedNotice } from '../publish/notice.feed.js';
import type { AlertsRuntime } from '../runtime.js';

/**
 * Notices a reconnecting client is replayed at most, oldest first; a client further behind
 * pages the rest with `GET /v1/notices?after=<seq>` (documented in the route and the README).
 */
export const SSE_REPLAY_MAX = 1000;

/** One notice event (id: its Nats-Msg-Id, the IVORN for a name's first notice), then a keep-alive comment. */
const STREAM_EXAMPLE = `id: ivo://org.svom/fsc#sb26031401_mxt-initial_qf3\nevent: notice\ndata: ${JSON.stringify(alertNoticeExample)}\n\n: heartbeat\n\n`;

/**
 * `GET /v1/stream`: Server-Sent Events, one `notice` event per new notice (data: its JSON, id: its
 * Nats-Msg-Id). A client reconnecting with `Last-Event-ID`, or asking `?since=`, first gets what
 * it missed from the database, then live notices; none is sent twice.
 */
export async function streamRoute(app: FastifyInstance, runtime: AlertsRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/v1/stream',
    {
      sse: { kind: 'only' },
      // Capped overall and per address (429) before anything is replayed.
      onRequest: app.sseClients.admission(),
      schema: {
        tags: ['notices'],
        summary: 'New notices as Server-Sent Events (event: notice)',
        description: `With Last-Event-ID or since, the notices after it are replayed first, at most ${SSE_REPLAY_MAX}: a client further behind pages the rest with GET /v1/notices?after=<seq>.`,
        querystring: Type.Object({ since: Type.Optional(Type.String({ format: 'date-time' })) }),
        response: { 200: eventStream(STREAM_EXAMPLE) },
      },
    } as object,
    async (request, reply) => {
      // Live notices are buffered from the start so none slips between the replay and the feed.
      const live: FeedNotice[] = [];
      let replaying = true;
      // Only a notice both replayed and live can come twice, so the last few thousand ids suffice.
      const seen = new RecentIds(4096);
      // One write at a time, awaited: a client that stops reading is dropped, not buffered for.
      const out = app.sseClients.writer(reply, { maxQueued: 2048 }); // a replay is 1000 at most
      const send = (n: FeedNotice) => {
        if (seen.add(n.msgId)) out.push({ id: n.msgId, event: 'notice', data: n.json });
      };
      const onNotice = (n: FeedNotice) => {
        if (!replaying) return send(n);
        if (live.length < 10_000) live.push(n);
      };
      runtime.feed.on('notice', onNotice);
      reply.sse.onClose(() => runtime.feed.off('notice', onNotice));
      reply.sse.keepAlive();
      // Commit the response as SSE now: with nothing to replay, an uncommitted reply would end
      // when the handler returns.
      reply.sse.sendHeaders();
      // Node holds a head until the first body byte (the first heartbeat, 15 s on): sent now, so a
      // client, or the dashboard's proxy with its head timeout, knows at once the stream is open.
      reply.raw.flushHeaders();
      const lastId = reply.sse.lastEventId;
      const since = (request.query as { since?: string }).since;
      if (lastId || since) {
        try {
          const from = lastId ? await noticeSeqByMsgId(runtime.db, lastId) : undefined;
          const rows = await noticesSince(
            runtime.db,
            from !== undefined ? { afterSeq: from, limit: SSE_REPLAY_MAX } : { since, limit: SSE_REPLAY_MAX },
          );
          for (const row of rows)
            send({ msgId: row.msg_id, burstId: row.burst_id, name: row.name, json: JSON.stringify(row.json) });
        } catch (error) {
          // The head is sent: no problem+json now. The client reconnects with its Last-Event-ID.
          request.log.warn({ err: error }, 'event stream replay failed; stream closed');
          runtime.feed.off('notice', onNotice);
          reply.sse.close();
          return;
        }
      }
      replaying = false;
      for (const n of live.splice(0)) send(n);
    },
  );
}
