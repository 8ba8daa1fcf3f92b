import { fscSchemaId } from '../schema-id.js';
import { Type, type Static } from 'typebox';

const Position = Type.Object({
  raDeg: Type.Number(),
  decDeg: Type.Number(),
  errorRadiusDeg: Type.Number(),
  instrument: Type.Union([Type.Literal('ECLAIRs'), Type.Literal('MXT')], { description: 'whose measurement this is' }),
});

/**
 * `svom.alerts.burst.<burstId>`: a burst's state after each change (new packet applied, notice
 * issued, light curve attached, Burst Advocate action). `version` grows by one per change, and
 * `Nats-Msg-Id` is `<burstId>:<version>`, so a subscriber keeps the highest version it saw.
 */
export const AlertBurstMessage = Type.Object(
  {
    burstId: Type.String({ pattern: '^sb[0-9]{8}$' }),
    version: Type.Integer({ minimum: 1 }),
    change: Type.String({
      description:
        'what changed: created, packet, notice, light-curve, retracted, confirmed, comment (a retraction is a notice: see `advocate`)',
    }),
    status: Type.Union([Type.Literal('active'), Type.Literal('confirmed'), Type.Literal('retracted')]),
    t0: Type.String({ format: 'date-time', description: 'trigger time (ECLAIRs when it saw the burst, else GRM)' }),
    instruments: Type.Array(Type.String(), { description: 'GRM, ECLAIRs, MXT, VT as they reported' }),
    alertSequenceId: Type.Union([Type.Integer(), Type.Null()]),
    position: Type.Union([Position, Type.Null()], { description: 'best position so far: the smallest error radius' }),
    notices: Type.Array(Type.String(), { description: 'IVORNs of its notices, oldest first' }),
    hasLightCurve: Type.Boolean(),
    at: Type.String({ format: 'date-time' }),
    advocate: Type.Optional(
      Type.Object({
        actor: Type.String({ description: 'who acted (the JWT subject)' }),
        action: Type.Union([Type.Literal('comment'), Type.Literal('confirmed'), Type.Literal('retracted')]),
        text: Type.Union([Type.String(), Type.Null()], { description: 'the comment, or the reason given' }),
      }),
    ),
  },
  { $id: fscSchemaId('messages/alert-burst.schema.json') },
);
export type AlertBurstMessage = Static<typeof AlertBurstMessage>;

export const alertBurstExample: AlertBurstMessage = {
  burstId: 'sb26031401',
  version: 4,
  change: 'notice',
  status: 'active',
  t0: '2026-03-14T02:10:05.250Z',
  instruments: ['ECLAIRs', 'GRM', 'MXT'],
  alertSequenceId: 577090038,
  position: { raDeg: 201.3845, decDeg: -14.0451, errorRadiusDeg: 0.0172, instrument: 'MXT' },
  notices: [
    'ivo://org.svom/fsc#sb26031401_eclairs-wakeup',
    'ivo://org.svom/fsc#sb26031401_grm-trigger',
    'ivo://org.svom/fsc#sb26031401_mxt-initial_qf3',
  ],
  hasLightCurve: false,
  at: '2026-03-14T02:13:41.120Z',
};
