export type {
  Author,
  Citations,
  CiteType,
  EventIvorn,
  Group,
  How,
  Inference,
  Param,
  ParamDataType,
  Position2D,
  Reference,
  Table,
  TableField,
  VoEvent,
  VoEventRole,
  What,
  WhereWhen,
  Who,
  Why,
} from './voevent.model.js';
export { VOEVENT_NS, VOEVENT_SCHEMA_LOCATION } from './voevent.model.js';
export type { VoEventErrorCode, VoEventErrorLocation } from './voevent.errors.js';
export { VoEventError } from './voevent.errors.js';
export { writeVoEventXml } from './xml-writer.js';
export { readVoEventXml } from './xml-reader.js';
export type { XsdValidationError, XsdValidationResult } from './xsd-validator.js';
export { validateVoEventXml } from './xsd-validator.js';
export type {
  EclairsNotice,
  GrmTriggerNotice,
  MxtNotice,
  MxtQuality,
  Pointing,
  RetractionNotice,
  SatelliteLocation,
  SkyContext,
  SkyPosition,
  SlewStatus,
  SvomCitation,
  SvomMeasuredBase,
  SvomNotice,
  SvomNoticeBase,
  SvomNoticeName,
  SvomPacketType,
  SvomTriggerFields,
  VtCandidate,
  VtNotice,
} from './svom-notice.model.js';
export type { SvomInstrument, SvomNoticeType } from './svom-vocabulary.js';
export {
  mxtQualityOfR90,
  SVOM_FSC_AUTHOR,
  SVOM_INSTRUMENT_PAGES,
  SVOM_NOTICE_NAMES,
  SVOM_NOTICE_TYPES,
  svomIvorn,
} from './svom-vocabulary.js';
export type { SvomVoEventOptions } from './svom-notice-to-voevent.js';
export { svomNoticeToVoEvent } from './svom-notice-to-voevent.js';
export { svomNoticeFromVoEvent } from './svom-notice-from-voevent.js';
export type { SvomNoticeJson } from './svom-notice-to-json.js';
export { FSC_SCHEMA_IDS, GCN_SVOM_TRIGGER_SCHEMA_ID, svomNoticeToJson } from './svom-notice-to-json.js';
export type { JsonValidationError, JsonValidationResult } from './notice-json-validator.js';
export { validateNoticeJson } from './notice-json-validator.js';
export type { FscJsonSchema } from './fsc-json-schemas.js';
export { fscJsonSchemas } from './fsc-json-schemas.js';
export type { VoEventJson } from './voevent-json.js';
export { jsonToVoEvent, VOEVENT_JSON_SCHEMA_ID, voEventToJson } from './voevent-json.js';
export { NoticeJsonEnvelope, SvomInfoJson } from './notice-json/notice-json.schema.js';
export { parseUtc, readNoticeJson } from './notice-json/index.js';
export type { NoticeJsonPosition, NoticeJsonProblem, NoticeJsonReading } from './notice-json/index.js';
export type { NoticeSummary } from './notice-summary.js';
export { summaryFromJson, summaryFromVoEvent, summaryFromVoEventXml } from './notice-summary.js';
export type { NoticeFilter, SkyRegion } from './notice-filter.js';
export { matchesFilter } from './notice-filter.js';
export { parseForXPath, XPathFilter } from './xpath-filter.js';
