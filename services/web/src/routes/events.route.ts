import type { FastifyInstance } from 'fastify';
import type { LiveEvent, LiveHub } from '../live/live-hub.js';

/**
 * `GET /events`: Server-Sent Events for the dashboard (`burst`, `station`, `plan`, `followup`),
 * each carrying the NATS message it comes from. A `ready` event opens the stream so the page
 * knows when to (re)load what it shows without missing a change.
 */
export async function eventsRoute(app: FastifyInstance, hub: LiveHub): Promise<void> {
  app.get(
    '/events',
    {
      sse: { kind: 'only' },
      schema: { tags: ['dashboard'], summary: 'Live changes for the dashboard, as Server-Sent Events' },
    } as object,
    async (_request, reply) => {
      const onLive = (e: LiveEvent) => void reply.sse.send({ event: e.event, data: e.data }).catch(() => undefined);
      hub.on('live', onLive);
      reply.sse.onClose(() => hub.off('live', onLive));
      reply.sse.keepAlive();
      await reply.sse.send({ event: 'ready', data: { at: new Date().toISOString() } });
    },
  );
}
