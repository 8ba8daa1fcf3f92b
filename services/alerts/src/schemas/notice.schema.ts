import { Type } from 'typebox';
import { NoticeSummary, noticeSummaryExample } from './burst.schema.js';

export const NoticeFilter = Type.Object({
  since: Type.Optional(
    Type.String({ format: 'date-time', description: 'replay notices issued at or after this time' }),
  ),
  after: Type.Optional(
    // Bounded: a bigger number reached PostgreSQL's bigint as an out-of-range 500 (issue 15).
    Type.Integer({
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'only notices with a larger seq (the last seq of the previous page)',
    }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
});

export const NoticeWithJson = Type.Object(
  {
    ...NoticeSummary.properties,
    json: Type.Record(Type.String(), Type.Unknown(), {
      description: 'the JSON notice (GCN or FSC schema, see $schema)',
    }),
  },
  { title: 'Notice' },
);

export const NoticePage = Type.Object(
  {
    notices: Type.Array(NoticeWithJson),
    lastSeq: Type.Union([Type.Integer(), Type.Null()]),
  },
  {
    title: 'NoticePage',
    examples: [
      {
        notices: [
          {
            ...noticeSummaryExample,
            json: {
              $schema: 'https://fsc.svom.eu/schemas/v1/notices/envelope.schema.json',
              burstId: 'sb25010101',
            },
          },
        ],
        lastSeq: 1,
      },
    ],
  },
);
