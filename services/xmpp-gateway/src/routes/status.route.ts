import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Nullable } from '@svom/service-kit';
import { Type } from 'typebox';
import { CONSUMER_NAME } from '../consumers/alerts.consumer.js';
import type { XmppGatewayRuntime } from '../runtime.js';

const GatewayStatus = Type.Object(
  {
    xmpp: Type.Object({
      service: Type.String({ description: 'the XMPP server (xmpps://host:port)' }),
      jid: Type.String({ description: "the gateway's account" }),
      pubsub: Type.String({ description: 'the PubSub service the nodes are on' }),
      online: Type.Boolean(),
      since: Nullable(Type.String({ format: 'date-time', description: 'when the session was last opened or lost' })),
      lastError: Nullable(Type.String()),
    }),
    nodes: Type.Object({
      voevent: Type.String({ description: 'every notice as VOEvent; `.<notice name>` for one name' }),
      json: Type.String({ description: 'every notice as JSON (XEP-0335); `.<notice name>` for one name' }),
      advocate: Type.String({ description: 'Burst Advocate actions (whitelist)' }),
    }),
    consumer: Type.Object({
      durable: Type.String(),
      state: Type.String(),
      handled: Type.Integer({ description: 'ALERTS messages settled since start' }),
      deadLettered: Type.Integer(),
    }),
    published: Type.Object({ voevent: Type.Integer(), json: Type.Integer(), advocate: Type.Integer() }),
    last: Nullable(
      Type.Object({
        kind: Type.String(),
        itemId: Type.String(),
        nodes: Type.Array(Type.String()),
        at: Type.String({ format: 'date-time' }),
      }),
    ),
  },
  {
    title: 'GatewayStatus',
    // On fsc.svom.eu, after the last notice of burst sb26031401 (the contracts' example).
    examples: [
      {
        xmpp: {
          service: 'xmpps://xmpp.fsc.svom.eu:5223',
          jid: 'fsc-gateway@fsc.svom.eu',
          pubsub: 'pubsub.fsc.svom.eu',
          online: true,
          since: '2026-03-13T22:41:07.316Z',
          lastError: null,
        },
        nodes: { voevent: 'svom.alerts.voevent', json: 'svom.alerts.json', advocate: 'svom.advocate.comments' },
        consumer: { durable: 'xmpp-gateway', state: 'consuming', handled: 57, deadLettered: 0 },
        published: { voevent: 24, json: 24, advocate: 1 },
        last: {
          kind: 'voevent',
          itemId: 'sb26031401_mxt-initial_qf3',
          nodes: ['svom.alerts.voevent', 'svom.alerts.voevent.mxt-initial_qf3'],
          at: '2026-03-14T02:13:41.562Z',
        },
      },
    ],
  },
);

/** `GET /v1/status`: the XMPP session, the consumer and what was published last (public, no secrets). */
export async function statusRoute(app: FastifyInstance, runtime: XmppGatewayRuntime): Promise<void> {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/v1/status',
    {
      schema: {
        tags: ['status'],
        summary: 'The XMPP session, the ALERTS consumer, and what was published last',
        response: { 200: GatewayStatus },
      },
    },
    async () => ({
      xmpp: {
        service: runtime.link.account.service,
        jid: runtime.link.jid,
        pubsub: runtime.link.pubsubService,
        online: runtime.link.online,
        since: runtime.link.since,
        lastError: runtime.link.lastError,
      },
      nodes: { voevent: runtime.nodes.voevents, json: runtime.nodes.jsons, advocate: runtime.nodes.advocate },
      consumer: {
        durable: CONSUMER_NAME,
        state: runtime.consumer.state,
        handled: runtime.consumer.handled,
        deadLettered: runtime.consumer.deadLettered,
      },
      published: runtime.published,
      last: runtime.last,
    }),
  );
}
