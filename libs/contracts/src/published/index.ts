/**
 * `@svom/contracts/published`: what the FSC publishes about its messages for outsiders, the JSON
 * schemas served at their `$id`s and the AsyncAPI document. A subpath of its own because it reads
 * `@svom/voevent`'s schema files: the services that only publish and consume need none of it.
 */
export { ASYNCAPI_VERSION, asyncapiDocument, channelAddress } from './asyncapi.document.js';
export { publishedSchema, publishedSchemas } from './published-schemas.js';
export type { PublishedSchema } from './published-schemas.js';
