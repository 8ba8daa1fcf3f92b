import type { FastifyInstance } from 'fastify';
import { alertBurstExample } from '@svom/contracts';
import { eventStream } from '@svom/service-kit';
import type { LiveEvent, LiveHub } from '../live/live-hub.js';

/** The opening `ready`, then a burst's new state (the contracts' example), as the browser reads them. */
const EVENTS_EXAMPLE = `event: ready\ndata: {"at":"2026-03-14T02:12:58.004Z"}\n\nevent: burst\ndata: ${JSON.stringify(alertBurstExample)}\n\n`;

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
      // Capped overall and per address (429); each stream's writes awaited (a stalled tab is dropped).
      onRequest: app.sseClients.admission(),
      schema: {
        tags: ['dashboard'],
        summary: 'Live changes for the dashboard, as Server-Sent Events',
        response: { 200: eventStream(EVENTS_EXAMPLE) },
      },
    } as object,
    async (_request, reply) => {
      const out = app.sseClients.writer(reply);
      const onLive = (e: LiveEvent) => out.push({ event: e.event, data: e.data });
      hub.on('live', onLive);
      reply.sse.onClose(() => hub.off('live', onLive));
      reply.sse.keepAlive();
      await reply.sse.send({ event: 'ready', data: { at: new Date().toISOString() } });
    },
  );
}
