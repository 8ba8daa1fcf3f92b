import { AstroError } from '@svom/astro';
import { DurableConsumer, UnusableMessageError, type ConsumerSettings } from '@svom/service-kit';
import { VoEventError } from '@svom/voevent';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { handlePacket, type HandleResult } from '../bursts/packet.handler.js';
import { parsePacketMessage, UnusablePacketError, type ParsedPacket } from '../bursts/packet-input.js';
import type { AlertsTables } from '../db/tables.js';

/** Name of the durable consumer: the service's (DESIGN.md, Contracts). */
export const CONSUMER_NAME = 'alerts';
/** Packets pulled at once: bursts come as a handful of packets within seconds. */
const PACKET_BATCH = 256;

export type PacketConsumer = DurableConsumer<ParsedPacket, HandleResult>;

/**
 * The kit's durable consumer of `svom.vhf.packet.>` around the pure handling of one packet:
 * decode and check, handle in one transaction, ack, then `onHandled` (publishing the outbox). A
 * packet that can never make a notice (bad body, bad fields, a notice the vocabulary refuses) is
 * kept in `alerts.dead_letters` with its reason and terminated, so it neither blocks nor loops.
 */
export function createPacketConsumer(
  app: FastifyInstance,
  settings: ConsumerSettings,
  onHandled: (result: HandleResult) => Promise<void>,
): PacketConsumer {
  const db = app.db as Kysely<AlertsTables>;
  return new DurableConsumer(app, {
    durable: CONSUMER_NAME,
    stream: 'VHF',
    filterSubject: app.subjects.vhf.packets,
    batch: PACKET_BATCH,
    settings,
    deadLetters: 'alerts.dead_letters',
    decode: (m) => {
      try {
        return parsePacketMessage(m.data);
      } catch (error) {
        if (error instanceof UnusablePacketError) throw error;
        throw new UnusableMessageError('NOT_A_PACKET', (error as Error).message, { cause: error });
      }
    },
    handle: (packet) => handlePacket(db, app.subjects, packet),
    isPermanent,
    afterAck: onHandled,
  });
}

/** Errors no redelivery can cure: the same input would fail the same way. */
function isPermanent(error: unknown): boolean {
  return (
    error instanceof UnusablePacketError ||
    error instanceof VoEventError ||
    error instanceof AstroError ||
    error instanceof RangeError
  );
}
