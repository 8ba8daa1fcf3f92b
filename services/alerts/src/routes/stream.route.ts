import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { noticeSeqByMsgId, noticesSince } from '../db/notice.repository.js';
import type { FeedNotice } from '../publish/notice.feed.js';
import type { AlertsRuntime } from '../runtime.js';

/**
 * Notices a reconnecting client is replayed at most, oldest first; a client further behind
 * pages the rest with `GET /v1/notices?after=<seq>` (documented in the route and the README).
 */
export const SSE_REPLAY_MAX = 1000;

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
      schema: {
        tags: ['notices'],
        summary: 'New notices as Server-Sent Events (event: notice)',
        description: `With Last-Event-ID or since, the notices after it are replayed first, at most ${SSE_REPLAY_MAX}: a client further behind pages the rest with GET /v1/notices?after=<seq>.`,
        querystring: Type.Object({ since: Type.Optional(Type.String({ format: 'date-time' })) }),
      },
    } as object,
    async (request, reply) => {
      // Live notices are buffered from the start so none slips between the replay and the feed.
      const live: FeedNotice[] = [];
      let replaying = true;
      const seen = new Set<string>();
      const send = (n: FeedNotice) => {
        if (seen.has(n.msgId)) return;
        seen.add(n.msgId);
        void reply.sse.send({ id: n.msgId, event: 'notice', data: n.json }).catch(() => undefined);
      };
      const onNotice = (n: FeedNotice) => (replaying ? live.push(n) : send(n));
      runtime.feed.on('notice', onNotice);
      reply.sse.onClose(() => runtime.feed.off('notice', onNotice));
      reply.sse.keepAlive();
      // Commit the response as SSE now: with nothing to replay, an uncommitted reply would end
      // when the handler returns.
      reply.sse.sendHeaders();
      const lastId = reply.sse.lastEventId;
      const since = (request.query as { since?: string }).since;
      if (lastId || since) {
        const from = lastId ? await noticeSeqByMsgId(runtime.db, lastId) : undefined;
        const rows = await noticesSince(
          runtime.db,
          from !== undefined ? { afterSeq: from, limit: SSE_REPLAY_MAX } : { since, limit: SSE_REPLAY_MAX },
        );
        for (const row of rows)
          send({ msgId: row.msg_id, burstId: row.burst_id, name: row.name, json: JSON.stringify(row.json) });
      }
      replaying = false;
      for (const n of live.splice(0)) send(n);
    },
  );
}
