/**
 * Where the FSC's JSON schemas live: every `$id` is `<SCHEMA_BASE_URL>v<major>/<path>`, and the
 * alerts service serves each at that path (`GET /schemas/v1/...`), so an `$id` is also a URL that
 * answers. The base is an identifier, not a setting: a notice's `$schema` must read the same
 * whichever FSC deployment wrote it, so it does not follow the host a service runs on.
 * docs/schemas.md gives the rule that decides when a schema takes a new major version.
 */
export const SCHEMA_BASE_URL = 'https://fsc.svom.eu/schemas/';

/** The `$id` of the FSC schema at `path` (e.g. `messages/alert-burst.schema.json`) in major version `major`. */
export function fscSchemaId(path: string, major = 1): string {
  if (!/^[a-z0-9][A-Za-z0-9/_-]*\.schema\.json$/.test(path) || path.includes('//'))
    throw new Error(`${JSON.stringify(path)} is not a schema path (lower-case words and '/', ending in .schema.json)`);
  if (!Number.isInteger(major) || major < 1) throw new Error(`schema major version ${major} must be an integer ≥ 1`);
  return `${SCHEMA_BASE_URL}v${major}/${path}`;
}
