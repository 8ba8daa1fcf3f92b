import { Type } from 'typebox';
import { IsoTime } from './common.schema.js';
import { newRequestExample, requestExample, requestListExample } from './scheduler.examples.js';

const Kind = Type.Union([Type.Literal('GP'), Type.Literal('ToO-NOM'), Type.Literal('ToO-MM'), Type.Literal('ToO-EX')], {
  description: 'GP: general program (priority 1); ToO-NOM 2, ToO-MM 3, ToO-EX 4: the priority is implied by the kind',
});
const Instrument = Type.Union([Type.Literal('ECLAIRs'), Type.Literal('GRM'), Type.Literal('MXT'), Type.Literal('VT')]);

export const NewRequest = Type.Object(
  {
    kind: Kind,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    raDeg: Type.Number({ minimum: 0, exclusiveMaximum: 360, description: 'ICRS' }),
    decDeg: Type.Number({ minimum: -90, maximum: 90 }),
    exposureS: Type.Number({ exclusiveMinimum: 0, maximum: 2_000_000, description: 'total exposure wanted' }),
    minSliceS: Type.Number({ minimum: 10, description: 'shortest continuous observation worth making' }),
    earliest: IsoTime('not before'),
    latest: IsoTime('not after'),
    cadenceS: Type.Optional(
      Type.Number({ minimum: 60, description: 'minimum time between the starts of two slices (monitoring)' }),
    ),
    instruments: Type.Array(Instrument, {
      minItems: 1,
      uniqueItems: true,
      default: ['MXT', 'VT'],
      description: 'MXT and VT observe nothing in the SAA',
    }),
  },
  { title: 'NewObservationRequest', additionalProperties: false, examples: [newRequestExample] },
);

export const RequestView = Type.Object(
  {
    id: Type.String(),
    kind: Kind,
    priority: Type.Integer(),
    title: Type.String(),
    raDeg: Type.Number(),
    decDeg: Type.Number(),
    exposureS: Type.Number(),
    minSliceS: Type.Number(),
    earliest: IsoTime(),
    latest: IsoTime(),
    cadenceS: Type.Optional(Type.Number()),
    instruments: Type.Array(Instrument),
    status: Type.Union([
      Type.Literal('submitted'),
      Type.Literal('accepted'),
      Type.Literal('rejected'),
      Type.Literal('withdrawn'),
    ]),
    submittedBy: Type.String(),
    submittedAt: IsoTime(),
    decidedBy: Type.Union([Type.String(), Type.Null()]),
    decidedAt: Type.Union([IsoTime(), Type.Null()]),
  },
  { title: 'ObservationRequest', examples: [requestExample] },
);

/** The same, documented in another state: what a route answers right after a submission or a decision. */
export const requestIn = (status: 'submitted' | 'accepted' | 'rejected') => ({
  ...RequestView,
  examples: [
    status === 'submitted'
      ? { ...requestExample, status, decidedBy: null, decidedAt: null }
      : { ...requestExample, status },
  ],
});

export const RequestList = Type.Object(
  { requests: Type.Array(RequestView) },
  { title: 'ObservationRequestList', examples: [requestListExample] },
);
export const RequestIdParam = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const RequestListQuery = Type.Object({
  status: Type.Optional(
    Type.Union([
      Type.Literal('submitted'),
      Type.Literal('accepted'),
      Type.Literal('rejected'),
      Type.Literal('withdrawn'),
    ]),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 5000, default: 1000 }),
});
