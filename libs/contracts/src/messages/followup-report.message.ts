import { fscSchemaId } from '../schema-id.js';
import { Type, type Static } from 'typebox';

/*
 * The parts of a report are checked strictly where a facility sends them (POST, services/followup:
 * an unknown property there is a typo to refuse) and published open (a reader ignores what it does
 * not know): the schema-evolution rule of docs/schemas.md.
 */

/** One exposure (or stack) a facility took of the burst field, as a facility sends it. */
export const FollowupObservation = Type.Object(
  {
    time: Type.String({ format: 'date-time', description: 'mid-exposure, UTC' }),
    filter: Type.String({ minLength: 1, maxLength: 32 }),
    exposureS: Type.Number({ exclusiveMinimum: 0, maximum: 86_400 }),
    limitingMagnitude: Type.Number({ minimum: -5, maximum: 35, description: 'AB, 3σ' }),
  },
  { additionalProperties: false },
);

/** An afterglow candidate the facility found, as it sends it. */
export const FollowupCandidate = Type.Object(
  {
    raDeg: Type.Number({ minimum: 0, exclusiveMaximum: 360 }),
    decDeg: Type.Number({ minimum: -90, maximum: 90 }),
    errorRadiusDeg: Type.Number({ minimum: 0, maximum: 10 }),
    magnitude: Type.Number({ minimum: -5, maximum: 35, description: 'AB' }),
    magnitudeError: Type.Number({ minimum: 0, maximum: 5 }),
    filter: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    time: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

/** A redshift, photometric or spectroscopic, as a facility sends it. */
export const FollowupRedshift = Type.Object(
  {
    z: Type.Number({ minimum: 0, maximum: 20 }),
    zError: Type.Number({ minimum: 0, maximum: 10 }),
    kind: Type.Union([Type.Literal('photometric'), Type.Literal('spectroscopic')]),
    method: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'e.g. "absorption lines", "Lyman break", "SED fit"',
    }),
    lines: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 100 })),
  },
  { additionalProperties: false },
);

/** A candidate as published: what was reported and how it falls in the burst's error region. */
const MatchedCandidate = Type.Object({
  ...FollowupCandidate.properties,
  separationDeg: Type.Union([Type.Number(), Type.Null()], {
    description: 'from the burst position; null when the burst had none',
  }),
  regionRadiusDeg: Type.Union([Type.Number(), Type.Null()], {
    description: 'error radius of the burst position matched against',
  }),
  regionIvorn: Type.Union([Type.String(), Type.Null()], { description: 'the notice that position comes from' }),
  withinErrorRegion: Type.Boolean({ description: 'separation ≤ burst error radius + candidate error radius' }),
});

/**
 * `svom.followup.report.<facility>`: what a facility reports on a burst (observations, afterglow
 * candidates matched against the burst's current error region, redshifts). `Nats-Msg-Id` = `reportId`.
 */
export const FollowupReportMessage = Type.Object(
  {
    reportId: Type.String(),
    burstId: Type.String(),
    requestId: Type.Union([Type.String(), Type.Null()]),
    facilityId: Type.String(),
    observations: Type.Array(Type.Object(FollowupObservation.properties)),
    candidates: Type.Array(MatchedCandidate),
    redshifts: Type.Array(Type.Object(FollowupRedshift.properties)),
    receivedAt: Type.String({ format: 'date-time' }),
  },
  { $id: fscSchemaId('messages/followup-report.schema.json') },
);
export type FollowupReportMessage = Static<typeof FollowupReportMessage>;

export const followupReportExample: FollowupReportMessage = {
  reportId: 'rep-8f3a1c2b9d4e',
  burstId: 'sb26011501',
  requestId: 'sb26011501-COLIBRI',
  facilityId: 'COLIBRI',
  observations: [{ time: '2026-01-15T14:20:05.000Z', filter: 'r', exposureS: 120, limitingMagnitude: 21.3 }],
  candidates: [
    {
      raDeg: 61.2901,
      decDeg: 40.1009,
      errorRadiusDeg: 0.0003,
      magnitude: 18.7,
      magnitudeError: 0.05,
      filter: 'r',
      time: '2026-01-15T14:20:05.000Z',
      separationDeg: 0.0023,
      regionRadiusDeg: 0.034,
      regionIvorn: 'ivo://org.svom/fsc#sb26011501_mxt-initial_qf2',
      withinErrorRegion: true,
    },
  ],
  redshifts: [
    { z: 2.14, zError: 0.01, kind: 'spectroscopic', method: 'absorption lines', lines: ['Lyα', 'C IV', 'Si II'] },
  ],
  receivedAt: '2026-01-15T14:31:44.018Z',
};
