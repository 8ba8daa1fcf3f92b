import { Type } from 'typebox';
import { receptionsExample, receptionsReplyExample } from './ingest.examples.js';

export const MAX_RECEPTIONS_PER_REQUEST = 1000;

export const Reception = Type.Object(
  {
    stationId: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '^[A-Za-z0-9_-]+$',
      description: "must be the token's station",
    }),
    receivedAt: Type.String({ format: 'date-time', description: "the station's GPS-disciplined UTC clock" }),
    frame: Type.String({ minLength: 1, maxLength: 2048, description: 'base64 of the frame bytes (ICD-VHF 2)' }),
    rssiDbm: Type.Optional(Type.Number({ minimum: -200, maximum: 50 })),
  },
  { title: 'Reception', additionalProperties: false },
);

export const ReceptionsBody = Type.Object(
  { receptions: Type.Array(Reception, { minItems: 1, maxItems: MAX_RECEPTIONS_PER_REQUEST }) },
  { title: 'Receptions', additionalProperties: false, examples: [receptionsExample] },
);

export const ReceptionResult = Type.Object(
  {
    status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate'), Type.Literal('rejected')]),
    packetKey: Type.Optional(Type.String()),
    conflict: Type.Optional(
      Type.Boolean({
        description: 'same key as a stored packet but other bytes, both with a good CRC: kept and flagged (ICD-VHF 5)',
      }),
    ),
    error: Type.Optional(
      Type.Object({ code: Type.String({ description: 'ICD-VHF section 6 rejection code' }), detail: Type.String() }),
    ),
    alreadyRecorded: Type.Optional(
      Type.Literal(true, {
        description:
          'this very reception (same stationId, receivedAt and frame bytes) was recorded by an earlier request, or earlier in this one: answered with the outcome it got then, not stored again (ICD-VHF 1)',
      }),
    ),
  },
  { title: 'ReceptionResult' },
);

export const ReceptionsReply = Type.Object(
  { results: Type.Array(ReceptionResult) },
  { title: 'ReceptionsReply', examples: [receptionsReplyExample] },
);
