import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  decodeCursor,
  encodeCursor,
  kitProblem,
  problems,
  problemsWith,
  problemWith,
} from '../schemas/common.schema.js';

/** A page's cursor is the API's own: one it did not make is refused, as a malformed query is. */
const badCursor = problemsWith(400, kitProblem(400), {
  code: 'VHF_BAD_CURSOR',
  detail: 'this cursor was not made by this API',
  field: '/querystring/cursor',
});
import {
  MessageList,
  MessageFilter,
  PacketFilter,
  PacketPage,
  PacketWithReceptions,
  RejectionFilter,
  RejectionPage,
} from '../schemas/packet.schema.js';
import { IngestErrors } from '../errors.js';
import { findMessages } from '../db/message.repository.js';
import { findPacket, findPackets, findRejections } from '../db/packet.repository.js';
import type { IngestRuntime } from '../ingest/runtime.js';

/** Reading what came in: packets with their receptions, rejections, multi-frame messages. */
export async function packetsRoute(app: FastifyInstance, runtime: IngestRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/v1/packets',
    {
      schema: {
        tags: ['packets'],
        summary: 'Unique packets, newest OBT first',
        querystring: PacketFilter,
        response: { 200: PacketPage, ...badCursor },
      },
    },
    async (request) => {
      const { cursor, ...filter } = request.query;
      let after: { obt: string; key: string } | undefined;
      if (cursor) {
        const parts = decodeCursor(cursor, ['timestamp', 'string'] as const);
        if (!parts) throw Object.assign(new IngestErrors.BadCursor(), { field: '/querystring/cursor' });
        after = { obt: parts[0], key: parts[1] };
      }
      const packets = await findPackets(runtime.db, { ...filter, after });
      const last = packets.at(-1);
      return {
        packets,
        nextCursor: packets.length === filter.limit && last ? encodeCursor([last.obt, last.key]) : null,
      };
    },
  );

  r.get(
    '/v1/packets/:key',
    {
      schema: {
        tags: ['packets'],
        summary: 'A packet with every reception of it',
        params: Type.Object({ key: Type.String({ maxLength: 64 }) }),
        response: {
          200: PacketWithReceptions,
          ...problems(400),
          ...problemWith(404, 'VHF_UNKNOWN_PACKET', 'no packet with key 0340-02004-114c7dc54001'),
        },
      },
    },
    async (request) => {
      const packet = await findPacket(runtime.db, request.params.key);
      if (!packet) throw new IngestErrors.UnknownPacket(request.params.key);
      return packet;
    },
  );

  r.get(
    '/v1/rejections',
    {
      schema: {
        tags: ['packets'],
        summary: 'Rejected receptions, newest first',
        querystring: RejectionFilter,
        response: { 200: RejectionPage, ...badCursor },
      },
    },
    async (request) => {
      const { cursor, ...filter } = request.query;
      let beforeId: number | undefined;
      if (cursor) {
        const parts = decodeCursor(cursor, ['integer'] as const);
        if (!parts) throw Object.assign(new IngestErrors.BadCursor(), { field: '/querystring/cursor' });
        beforeId = parts[0];
      }
      const rejections = await findRejections(runtime.db, { ...filter, beforeId });
      const last = rejections.at(-1);
      return { rejections, nextCursor: rejections.length === filter.limit && last ? encodeCursor([last.id]) : null };
    },
  );

  r.get(
    '/v1/messages',
    {
      schema: {
        tags: ['packets'],
        summary: 'Multi-frame messages: partial, complete or incomplete',
        querystring: MessageFilter,
        response: { 200: MessageList },
      },
    },
    async (request) => ({
      messages: await findMessages(runtime.db, request.query),
    }),
  );
}
