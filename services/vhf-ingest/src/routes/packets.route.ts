import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { cursorKey, cursorProblems, nextCursor, problems, problemWith } from '../schemas/common.schema.js';
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

/** A page's cursor is the API's own: one it did not make is refused, as a malformed query is. */
const badCursor = cursorProblems('VHF_BAD_CURSOR');

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
      const key = cursorKey(cursor, ['timestamp', 'string'] as const, IngestErrors.BadCursor);
      const packets = await findPackets(runtime.db, { ...filter, after: key && { obt: key[0], key: key[1] } });
      return { packets, nextCursor: nextCursor(packets, filter.limit, (last) => [last.obt, last.key]) };
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
      const key = cursorKey(cursor, ['integer'] as const, IngestErrors.BadCursor);
      const rejections = await findRejections(runtime.db, { ...filter, beforeId: key?.[0] });
      return { rejections, nextCursor: nextCursor(rejections, filter.limit, (last) => [last.id]) };
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
