export { subjectsFor, token, SubjectTokenError } from './subjects.js';
export { fscSchemaId, SCHEMA_BASE_URL } from './schema-id.js';
export type { Subjects } from './subjects.js';
export { DEFAULT_STREAM_MAX_BYTES, STREAM_NAMES, streamName, streamConfigs, ensureStreams } from './streams.js';
export type { StreamName, StreamOptions } from './streams.js';
export {
  VHF_PACKET_VARIANTS,
  VhfPacketHeader,
  VhfPacketMessage,
  vhfPacketExample,
  vhfPacketVariant,
} from './messages/vhf-packet.message.js';
export type { VhfPacketVariantName } from './messages/vhf-packet.message.js';
export {
  EclairsAlertFields,
  GrmTriggerFields,
  LightCurveFields,
  LightCurveFrameFields,
  MxtPositionFields,
  PlatformRecurrentFields,
  SlewStatusFields,
  UndecodableMessageFields,
  VtCandidate,
  VtCandidatesFields,
} from './messages/vhf-packet-fields.js';
export { StationHealthMessage, stationHealthExample } from './messages/station-health.message.js';
export {
  FollowupRequestMessage,
  FollowupRequestStatus,
  followupRequestExample,
} from './messages/followup-request.message.js';
export {
  FollowupReportMessage,
  FollowupObservation,
  FollowupCandidate,
  FollowupRedshift,
  followupReportExample,
} from './messages/followup-report.message.js';
export { messageCatalog } from './catalog.js';
export type { MessageContract } from './catalog.js';
export {
  ALERT_NOTICE_ENVELOPE_SCHEMA,
  ALERT_NOTICE_HEADERS,
  ALERT_NOTICE_SCHEMAS,
  alertNoticeExample,
  alertNoticeHeaders,
  alertNoticeKey,
  alertVoEventExample,
} from './messages/alert-notice.message.js';
export { AlertBurstMessage, alertBurstExample } from './messages/alert-burst.message.js';
export { AlertHeartbeatMessage, alertHeartbeatExample } from './messages/alert-heartbeat.message.js';
export { PlanPublishedMessage, planPublishedExample } from './messages/plan-published.message.js';
export { PlanInterruptedMessage, planInterruptedExample } from './messages/plan-interrupted.message.js';
export { PUBLIC_JS_API_PREFIX, PUBLIC_NOTICE_STREAM } from './public-access.js';
export { xmppNodesFor, XMPP_JSON_CONTAINER } from './xmpp-nodes.js';
export type { XmppNodes } from './xmpp-nodes.js';
