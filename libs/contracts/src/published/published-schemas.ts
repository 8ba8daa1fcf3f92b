import type { TSchema } from 'typebox';
import { fscJsonSchemas, NoticeJsonEnvelope } from '@svom/voevent';
import { messageCatalog } from '../catalog.js';
import { ALERT_NOTICE_ENVELOPE_SCHEMA, alertNoticeExample } from '../messages/alert-notice.message.js';
import { SCHEMA_BASE_URL } from '../schema-id.js';

/** One JSON schema of the FSC as it is served at its `$id`. */
export interface PublishedSchema {
  /** The `$id`: the URL it answers at. */
  id: string;
  /** The `$id` under {@link SCHEMA_BASE_URL}, `v1/messages/alert-burst.schema.json`: the path below `/schemas/`. */
  path: string;
  /** The document served. */
  schema: Readonly<Record<string, unknown>>;
}

/**
 * The dialect TypeBox writes: a tuple is `items: [...]` with `additionalItems`, which draft
 * 2020-12 reads otherwise, so the documents say draft-07 and validators read them as such.
 */
const TYPEBOX_DIALECT = 'http://json-schema.org/draft-07/schema#';

/** A TypeBox schema as a document of its own: its dialect named, its example in it. */
function typeboxDocument(schema: TSchema, example: unknown): Record<string, unknown> {
  const { $id, ...rest } = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
  return { $id, $schema: TYPEBOX_DIALECT, ...rest, examples: [example] };
}

let cache: readonly PublishedSchema[] | undefined;

/**
 * Every JSON schema the FSC names by an `$id` of its own, in path order: each NATS message of
 * the contracts (with its example), the envelope every JSON notice shares, and `@svom/voevent`'s
 * schema files (the notices, their `svom` object, the VOEvent JSON form). The alerts service
 * serves them at their `$id`s and the AsyncAPI document embeds them.
 */
export function publishedSchemas(): readonly PublishedSchema[] {
  if (cache) return cache;
  const documents = [
    ...messageCatalog.flatMap((m) => (m.schema ? [typeboxDocument(m.schema, m.example)] : [])),
    typeboxDocument(NoticeJsonEnvelope, alertNoticeExample),
    ...fscJsonSchemas(),
  ];
  const byId = new Map<string, PublishedSchema>();
  for (const schema of documents) {
    const id = schema['$id'];
    if (typeof id !== 'string' || !id.startsWith(SCHEMA_BASE_URL))
      throw new Error(`schema ${String(id)} is not under ${SCHEMA_BASE_URL}`);
    if (byId.has(id)) throw new Error(`two schemas share the $id ${id}`);
    byId.set(id, { id, path: id.slice(SCHEMA_BASE_URL.length), schema: Object.freeze(schema) });
  }
  if (!byId.has(ALERT_NOTICE_ENVELOPE_SCHEMA))
    throw new Error(`NoticeJsonEnvelope's $id is not ${ALERT_NOTICE_ENVELOPE_SCHEMA}`);
  cache = Object.freeze([...byId.values()].sort((a, b) => a.path.localeCompare(b.path)));
  return cache;
}

/** The published schema at `path` under `/schemas/` (`v1/messages/alert-burst.schema.json`), if any. */
export function publishedSchema(path: string): PublishedSchema | undefined {
  return publishedSchemas().find((s) => s.path === path);
}
