import { Type, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { VhfPacketMessage } from '@svom/contracts';
import type {
  EclairsAlertFields,
  GrmTriggerFields,
  LightCurveFields,
  MxtPositionFields,
  SlewStatusFields,
  VtCandidatesFields,
} from '@svom/vhf';

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
  message: VhfPacketMessage;
  /** undefined: a packet of no interest to alerts (platform recurrent, light-curve frames). */
  input: PacketInput | undefined;
}

const Iso = Type.String({ format: 'date-time' });
const Quat = Type.Array(Type.Number(), { minItems: 4, maxItems: 4 });
const Pos = Type.Array(Type.Number(), { minItems: 3, maxItems: 3 });
const Band = Type.Array(Type.Number(), { minItems: 2, maxItems: 2 });
const SeqId = Type.Integer({ minimum: 0 });

// The fields alerts relies on, checked before any database work: a decoder upgrade that drops
// one fails here, with its name, rather than deep in a notice.
const FIELD_SCHEMAS: Record<PacketKind, TSchema> = {
  'eclairs-alert': Type.Object({
    alertSequenceId: SeqId,
    messageCount: Type.Integer({ minimum: 0 }),
    triggerTime: Iso,
    thetaDeg: Type.Number({ minimum: 0, maximum: 180 }),
    phiDeg: Type.Number(),
    r90Arcmin: Type.Number({ minimum: 0 }),
    snr: Type.Number(),
    timescaleS: Type.Number({ minimum: 0 }),
    energyKeV: Band,
    triggerType: Type.Union([Type.Literal('count-rate'), Type.Literal('image')]),
    slewRequested: Type.Boolean(),
    catalogId: Type.Integer({ minimum: 0 }),
    attitude: Quat,
    positionM: Pos,
  }),
  'grm-trigger': Type.Object({
    grmTriggerId: Type.Integer(),
    triggerTime: Iso,
    snr: Type.Number(),
    timescaleS: Type.Number({ minimum: 0 }),
    triggeredGrds: Type.Array(Type.Boolean(), { minItems: 3, maxItems: 3 }),
    energyKeV: Band,
    attitude: Quat,
    positionM: Pos,
  }),
  'slew-status': Type.Object({
    alertSequenceId: SeqId,
    status: Type.Union([Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('not-requested')]),
    reason: Type.String(),
    time: Iso,
  }),
  'mxt-position': Type.Object({
    alertSequenceId: SeqId,
    messageCount: Type.Integer({ minimum: 0 }),
    time: Iso,
    raDeg: Type.Number(),
    decDeg: Type.Number({ minimum: -90, maximum: 90 }),
    r90Arcsec: Type.Number({ minimum: 0 }),
    snr: Type.Number(),
    meanFlux: Type.Number(),
    fluxError: Type.Number(),
    usedVtAttitude: Type.Boolean(),
  }),
  'vt-candidates': Type.Object({
    alertSequenceId: SeqId,
    time: Iso,
    candidates: Type.Array(
      Type.Object({
        raDeg: Type.Number(),
        decDeg: Type.Number(),
        rMag: Type.Number(),
        bMag: Type.Union([Type.Number(), Type.Null()]),
        errorArcsec: Type.Number(),
      }),
      { maxItems: 10 },
    ),
  }),
  'light-curve': Type.Object({
    alertSequenceId: SeqId,
    start: Iso,
    binMs: Type.Integer(),
    bins: Type.Integer(),
    bands: Type.Integer(),
    counts: Type.Array(Type.Array(Type.Integer())),
  }),
};

/** `<source>/<message>` of the packets that matter to alerts. */
const KINDS: Record<string, PacketKind> = {
  'eclairs/alert': 'eclairs-alert',
  'grm/trigger': 'grm-trigger',
  'eclairs/slew-status': 'slew-status',
  'mxt/position': 'mxt-position',
  'vt/candidates': 'vt-candidates',
  'eclairs/light-curve': 'light-curve',
};

/**
 * Decodes and checks one `svom.vhf.packet.>` message body.
 * @throws {UnusablePacketError} for a body that no retry can fix.
 */
export function parsePacketMessage(data: Uint8Array | string): ParsedPacket {
  let body: unknown;
  try {
    body = JSON.parse(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
  } catch (error) {
    throw new UnusablePacketError('NOT_JSON', `not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!Value.Check(VhfPacketMessage, body))
    throw new UnusablePacketError('NOT_A_PACKET', `not a VhfPacketMessage: ${firstError(VhfPacketMessage, body)}`);
  const message = body as VhfPacketMessage;
  const kind = KINDS[`${message.source}/${message.message}`];
  if (!kind) return { message, input: undefined };
  const schema = FIELD_SCHEMAS[kind];
  if (!Value.Check(schema, message.fields))
    throw new UnusablePacketError(
      'BAD_FIELDS',
      `${message.source} ${message.message} fields: ${firstError(schema, message.fields)}`,
    );
  return { message, input: { kind, fields: message.fields } as unknown as PacketInput };
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
