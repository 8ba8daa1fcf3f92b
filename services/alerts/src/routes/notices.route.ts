import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { alertNoticeExample, alertVoEventExample } from '@svom/contracts';
import { problemWith } from '@svom/service-kit';
import { findNotice, noticesSince } from '../db/notice.repository.js';
import { AlertsErrors } from '../errors.js';
import type { AlertsRuntime } from '../runtime.js';
import { problems } from '../schemas/common.schema.js';
import { NoticeFilter, NoticePage } from '../schemas/notice.schema.js';
import { noticeSummary } from './burst-view.js';

/** Notices: one by id as VOEvent XML or JSON, and replay from a time. */
export async function noticesRoute(app: FastifyInstance, runtime: AlertsRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/v1/notices',
    {
      schema: {
        tags: ['notices'],
        summary: 'Notices in issue order, from a time (replay)',
        querystring: NoticeFilter,
        response: { 200: NoticePage, ...problems(400) },
      },
    },
    async (request) => {
      const rows = await noticesSince(runtime.db, {
        since: request.query.since,
        afterSeq: request.query.after,
        limit: request.query.limit,
      });
      return {
        notices: rows.map((n) => ({ ...noticeSummary(n), json: n.json as Record<string, unknown> })),
        lastSeq: rows.length ? Number(rows.at(-1)!.seq) : null,
      };
    },
  );

  r.get(
    '/v1/notices/:id',
    {
      schema: {
        tags: ['notices'],
        summary:
          'One notice: VOEvent 2.0 XML for Accept application/xml, JSON (GCN or FSC schema) for application/json',
        params: Type.Object({
          id: Type.String({ maxLength: 200, description: 'notice id (sb26031401_slewing) or IVORN' }),
        }),
        querystring: Type.Object({
          format: Type.Optional(
            Type.Union([Type.Literal('xml'), Type.Literal('json')], {
              description:
                'Overrides Accept, for links: a browser cannot set Accept on a link, and prefers XML to JSON in the one it sends',
            }),
          ),
        }),
        response: {
          200: {
            description: 'The notice: JSON (GCN or FSC schema, see its $schema) or VOEvent 2.0 XML, by Accept',
            content: {
              'application/json': { schema: Type.Unknown({ examples: [alertNoticeExample] }) },
              'application/xml': { schema: Type.String({ examples: [alertVoEventExample] }) },
            },
          },
          ...problemWith(404, 'ALERTS_UNKNOWN_NOTICE', 'no notice sb26031499_slewing'),
          ...problemWith(
            406,
            'ALERTS_NOT_ACCEPTABLE',
            'a notice is served as application/json or application/xml, not text/html',
          ),
        },
      },
    },
    async (request, reply) => {
      const type = request.query.format ?? negotiate(request.headers.accept);
      if (!type) throw new AlertsErrors.NotAcceptable(request.headers.accept ?? '');
      const row = await findNotice(runtime.db, request.params.id);
      if (!row) throw new AlertsErrors.UnknownNotice(request.params.id);
      if (!request.query.format) reply.header('vary', 'accept');
      if (type === 'xml')
        return reply
          .type('application/xml; charset=utf-8')
          .serializer((x: unknown) => x as string)
          .send(row.xml);
      return reply
        .type('application/json; charset=utf-8')
        .serializer((x: unknown) => JSON.stringify(x))
        .send(row.json);
    },
  );
}

/** `xml`, `json`, or undefined when the client accepts neither (JSON when it says nothing). */
export function negotiate(accept: string | undefined): 'xml' | 'json' | undefined {
  if (!accept) return 'json';
  const ranges = accept
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(
        params
          .map((p) => p.trim())
          .find((p) => p.startsWith('q='))
          ?.slice(2) ?? 1,
      );
      return { type: type.trim(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { type } of ranges) {
    if (type === 'application/xml' || type === 'text/xml' || type === 'application/x-voevent+xml') return 'xml';
    if (type === 'application/json' || type === 'application/*' || type === '*/*') return 'json';
  }
  return undefined;
}
