/**
 * `@svom/voevent/notice-json`: the JSON notice reader, with no run-time dependency (no Node
 * module, no schema engine), so the dashboard's browser bundle imports it as the services do.
 * The envelope schema itself (TypeBox) is exported from `@svom/voevent`.
 */
export { readNoticeJson } from './read-notice-json.js';
export type { NoticeJsonPosition, NoticeJsonProblem, NoticeJsonReading } from './read-notice-json.js';
export type { NoticeJsonEnvelope, SvomInfoJson } from './notice-json.schema.js';
export { parseUtc } from './utc.js';
