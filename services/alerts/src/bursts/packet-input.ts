import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import {
  VhfPacketHeader,
  VhfPacketMessage,
  vhfPacketVariant,
  type EclairsAlertFields,
  type GrmTriggerFields,
  type LightCurveFields,
  type MxtPositionFields,
  type SlewStatusFields,
  type VtCandidatesFields,
} from '@svom/contracts';

/** A packet message that can never make a notice: acknowledged, dead-lettered with this reason. */
export class UnusablePacketError extends Error {
  override name = 'UnusablePacketError';
  constructor(
    readonly code: 'NOT_JSON' | 'NOT_A_PACKET' | 'BAD_FIELDS',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// Compiled once: every packet goes through both, and the compiled union is ~25x faster than
// Value.Check walking it.
const header = Compile(VhfPacketHeader);
const packet = Compile(VhfPacketMessage);

/** What the alerts service uses of a packet, by kind; `ignored` kinds make no notice. */
export type PacketInput =
  | { kind: 'eclairs-alert'; fields: EclairsAlertFields }
  | { kind: 'grm-trigger'; fields: GrmTriggerFields }
  | { kind: 'slew-status'; fields: SlewStatusFields }
  | { kind: 'mxt-position'; fields: MxtPositionFields }
  | { kind: 'vt-candidates'; fields: VtCandidatesFields }
  | { kind: 'light-curve'; fields: LightCurveFields };

export type PacketKind = PacketInput['kind'];

export interface ParsedPacket {
  message: VhfPacketHeader;
  /** undefined: a packet of no interest to alerts (platform recurrent, light-curve frames). */
  input: PacketInput | undefined;
}

/**
 * Decodes and checks one `svom.vhf.packet.>` message body against the contract (libs/contracts),
 * before any database work: a decoder upgrade that drops a field fails here, with its name,
 * rather than deep in a notice.
 * @throws {UnusablePacketError} for a body that no retry can fix.
 */
export function parsePacketMessage(data: Uint8Array | string): ParsedPacket {
  let body: unknown;
  try {
    body = JSON.parse(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
  } catch (error) {
    throw new UnusablePacketError('NOT_JSON', `not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!header.Check(body))
    throw new UnusablePacketError('NOT_A_PACKET', `not a VhfPacketMessage: ${firstError(VhfPacketHeader, body)}`);
  // A (source, message) the contract does not name yet is readable but of no use here.
  const variant = vhfPacketVariant(body.source, body.message);
  if (!variant) return { message: body, input: undefined };
  if (!packet.Check(body))
    throw new UnusablePacketError('BAD_FIELDS', `${body.source} ${body.message} fields: ${firstError(variant, body)}`);
  return { message: body, input: packetInputOf(body) };
}

/**
 * What alerts uses of a checked packet message, narrowed by its source and message.
 * @throws {UnusablePacketError} BAD_FIELDS for a light curve whose joined payload was unusable.
 */
export function packetInputOf(m: VhfPacketMessage): PacketInput | undefined {
  switch (m.source) {
    case 'eclairs':
      if (m.message === 'alert') return { kind: 'eclairs-alert', fields: m.fields };
      if (m.message === 'slew-status') return { kind: 'slew-status', fields: m.fields };
      if (m.message === 'light-curve') {
        if ('error' in m.fields)
          throw new UnusablePacketError('BAD_FIELDS', `eclairs light-curve fields: ${m.fields.error.detail}`);
        return { kind: 'light-curve', fields: m.fields };
      }
      return undefined;
    case 'grm':
      return { kind: 'grm-trigger', fields: m.fields };
    case 'mxt':
      return { kind: 'mxt-position', fields: m.fields };
    case 'vt':
      return { kind: 'vt-candidates', fields: m.fields };
    default:
      return undefined;
  }
}

/**
 * The input of a packet stored while it waited for its burst (`alerts.packets.body`), checked
 * again: the row is ours, but a row written by an older release is read as any other message.
 */
export function storedPacketInput(body: unknown): PacketInput | undefined {
  if (!packet.Check(body))
    throw new UnusablePacketError('BAD_FIELDS', `stored packet: ${firstError(VhfPacketMessage, body)}`);
  return packetInputOf(body);
}

function firstError(schema: TSchema, value: unknown): string {
  const error = Value.Errors(schema, value)[0] as
    | { instancePath?: string; path?: string; message?: string }
    | undefined;
  return error ? `${error.instancePath ?? error.path ?? ''} ${error.message ?? 'is invalid'}`.trim() : 'is invalid';
}

/** The ECLAIRs alert sequence id a packet names, if any. */
export function alertSequenceIdOf(input: PacketInput): number | undefined {
  return input.kind === 'grm-trigger' ? undefined : input.fields.alertSequenceId;
}
