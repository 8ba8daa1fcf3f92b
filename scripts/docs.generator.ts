// The generated documents (OpenAPI per service, docs/messaging.md, docs/asyncapi.json): one
// function writes them (`npm run openapi`) and the same one checks them in the tests, so a stale
// one fails CI.
import type { FastifyInstance } from 'fastify';
import { messageCatalog, type MessageContract } from '@svom/contracts';
import { asyncapiDocument } from '@svom/contracts/published';
import { SERVICES } from '../cli/src/launcher/services.js';

/** Each service's OpenAPI document, built from its routes without opening anything. */
export async function openapiDocuments(): Promise<Record<string, unknown>> {
  const documents: Record<string, unknown> = {};
  for (const module of SERVICES) {
    const config = module.loadConfig({});
    const app = (await module.build(
      { jwtSecret: 'openapi-generation-only-'.padEnd(40, 'x'), logger: false } as never,
      config,
    )) as FastifyInstance & { swagger(): unknown };
    await app.ready();
    documents[module.name] = app.swagger();
    await app.close();
  }
  return documents;
}

/** docs/asyncapi.json: the AsyncAPI 3.0 document of the contracts, as the alerts service serves it. */
export function asyncapiJson(): string {
  return `${JSON.stringify(asyncapiDocument(), null, 2)}\n`;
}

/** docs/messaging.md from the contracts catalog: every subject with its schema and an example. */
export function messagingMarkdown(): string {
  const lines = [
    '# NATS subjects and messages',
    '',
    '<!-- Generated from libs/contracts (messageCatalog) by `npm run openapi`; a test fails when it is stale. -->',
    '',
    'The same in machine-readable form: the AsyncAPI 3.0 document [asyncapi.json](asyncapi.json) (also `GET /asyncapi.json` on the alerts service), and each JSON schema at the URL its `$id` names; versions and the schema-evolution rule in [schemas.md](schemas.md).',
    '',
    'Every subject is built by `subjectsFor(prefix)` in `libs/contracts`; with `NATS_PREFIX` set they are rooted at `<prefix>.svom` and streams are named `<prefix>_<STREAM>`.',
    'Streams (JetStream, file storage, 10-minute duplicate window, replicas from `NATS_REPLICAS`): `VHF` on `svom.vhf.>`, `ALERTS` on `svom.alerts.{notice,voevent,burst}.>` (the heartbeat is not kept), `FOLLOWUP` on `svom.followup.>`, `PLAN` on `svom.plan.>`; `NOTICES`, a mirror of the JSON notices of `ALERTS` that outside subscribers replay (docs/subscribe.md).',
    "Retention: 30 days by default, `STREAM_MAX_AGE_DAYS` for the services' streams and `NOTICES_MAX_AGE_DAYS` for `NOTICES` (read by the service that creates the stream at its start: alerts for `ALERTS` and `NOTICES`).",
    'Outside subscribers connect to the `PUBLIC` account (deploy/nats/accounts.conf): the notices and the heartbeat live, `NOTICES` replayed under the JetStream API prefix `fsc.js.API`, nothing else.',
    'Every message carries `Nats-Msg-Id`, so a retried publish is stored once.',
    '',
    '| subject | stream | publisher | content | Nats-Msg-Id |',
    '|---|---|---|---|---|',
    ...messageCatalog.map((m) => `| \`${m.subject}\` | ${m.stream} | ${m.publisher} | ${m.contentType} | ${m.msgId} |`),
    '',
  ];
  for (const m of messageCatalog) {
    lines.push(`## \`${m.subject}\``, '', m.description, '');
    if (m.variants) lines.push(...variantsMarkdown(m.variants));
    else if (m.schema) lines.push('Schema:', '', '```json', JSON.stringify(m.schema, null, 2), '```', '');
    lines.push(
      'Example:',
      '',
      m.contentType === 'application/json' ? '```json' : '```xml',
      typeof m.example === 'string' ? m.example : JSON.stringify(m.example, null, 2),
      '```',
      '',
    );
  }
  return lines.join('\n');
}

/** A union: the envelope once, then what sets each variant apart (its own values and fields). */
function variantsMarkdown(variants: NonNullable<MessageContract['variants']>): string[] {
  type Property = { const?: unknown; anyOf?: Property[] };
  const json = (value: unknown) => ['```json', JSON.stringify(value, null, 2), '```', ''];
  const allowed = (p: Property): string =>
    p.anyOf ? p.anyOf.map(allowed).join(' or ') : p.const !== undefined ? `\`${JSON.stringify(p.const)}\`` : '';
  const lines = [
    'Schema: one of the variants below, by `<source>/<message>`; each is this envelope with its own values:',
    '',
    ...json(variants.envelope),
  ];
  for (const [name, schema] of Object.entries(variants.byName)) {
    const properties = (schema as { properties: Record<string, Property> }).properties;
    const envelope = (variants.envelope as { properties: Record<string, Property> }).properties;
    const own = Object.entries(properties)
      .filter(([key, p]) => key !== 'fields' && allowed(p) !== '' && allowed(p) !== allowed(envelope[key] ?? {}))
      .map(([key, p]) => `\`${key}\` ${allowed(p)}`);
    lines.push(`### \`${name}\``, '', `${own.join(', ')}; \`fields\`:`, '', ...json(properties['fields']));
  }
  return lines;
}
