import { Type } from 'typebox';
import {
  FollowupCandidate,
  FollowupObservation,
  FollowupRedshift,
  FollowupReportMessage,
  followupReportExample,
} from '@svom/contracts';
import { Id, inline } from './common.schema.js';

/** What a facility posts: its own facility comes from its token. */
export const NewReport = Type.Object(
  {
    burstId: Id,
    requestId: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9_-]{1,130}$', description: 'the request this answers, when there is one' }),
    ),
    observations: Type.Optional(Type.Array(FollowupObservation, { maxItems: 1000 })),
    candidates: Type.Optional(Type.Array(FollowupCandidate, { maxItems: 1000 })),
    redshifts: Type.Optional(Type.Array(FollowupRedshift, { maxItems: 100 })),
  },
  {
    title: 'NewReport',
    additionalProperties: false,
    // What COLIBRI posted for the published report of the contracts' example.
    examples: [
      {
        burstId: followupReportExample.burstId,
        requestId: 'sb26011501-COLIBRI',
        observations: followupReportExample.observations,
        candidates: followupReportExample.candidates.map(
          ({ separationDeg: _s, regionRadiusDeg: _r, regionIvorn: _i, withinErrorRegion: _w, ...sent }) => sent,
        ),
        redshifts: followupReportExample.redshifts,
      },
    ],
  },
);

/** A report as published on NATS (the contract's schema and example), named for the documents. */
export const ReportSchema = Type.Object(inline(FollowupReportMessage).properties, {
  title: 'FollowupReport',
  examples: [followupReportExample],
});
