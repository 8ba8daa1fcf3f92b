export { subjectsFor, token, SubjectTokenError } from './subjects.js';
export type { Subjects } from './subjects.js';
export { STREAM_NAMES, streamName, streamConfigs, ensureStreams } from './streams.js';
export type { StreamName, StreamOptions } from './streams.js';
export { VhfPacketMessage, vhfPacketExample } from './messages/vhf-packet.message.js';
export { StationHealthMessage, stationHealthExample } from './messages/station-health.message.js';
export { messageCatalog } from './catalog.js';
export type { MessageContract } from './catalog.js';
