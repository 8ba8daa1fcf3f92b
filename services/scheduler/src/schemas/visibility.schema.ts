import { Type } from 'typebox';
import { IsoTime } from './common.schema.js';
import { constraintsExample, visibilityExample } from './scheduler.examples.js';

export const VisibilityQuery = Type.Object({
  ra: Type.Number({ minimum: 0, exclusiveMaximum: 360, description: 'ICRS right ascension, degrees' }),
  dec: Type.Number({ minimum: -90, maximum: 90 }),
  from: IsoTime(),
  to: IsoTime(),
  instruments: Type.Optional(
    Type.String({
      pattern: '^(ECLAIRs|GRM|MXT|VT)(,(ECLAIRs|GRM|MXT|VT))*$',
      description: 'comma-separated; the SAA is avoided when MXT or VT is among them (default MXT,VT)',
    }),
  ),
});

export const Visibility = Type.Object(
  {
    raDeg: Type.Number(),
    decDeg: Type.Number(),
    from: IsoTime(),
    to: IsoTime(),
    stepS: Type.Number({ description: 'resolution: window edges are within one step inside the true edges' }),
    avoidSaa: Type.Boolean(),
    windows: Type.Array(Type.Object({ start: IsoTime(), end: IsoTime(), durationS: Type.Number() })),
    visibleS: Type.Number(),
  },
  { title: 'Visibility', examples: [visibilityExample] },
);

export const Constraints = Type.Object(
  {
    earthLimbMarginDeg: Type.Number(),
    atmosphereKm: Type.Number(),
    sunAvoidanceDeg: Type.Number(),
    moonAvoidanceDeg: Type.Number(),
    slewRateDegPerS: Type.Number(),
    slewSettleS: Type.Number(),
    galacticAvoidanceDeg: Type.Number(),
    coreMinS: Type.Number(),
    coreSpanOrbits: Type.Number(),
    stepS: Type.Number(),
    maxPlanDays: Type.Number(),
    saaPolygon: Type.Array(Type.Array(Type.Number()), { description: '[latitudeDeg, longitudeDeg] vertices, closed' }),
  },
  { title: 'Constraints', examples: [constraintsExample] },
);
