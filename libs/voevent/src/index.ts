export type {
  Author, Citations, CiteType, EventIvorn, Group, How, Inference, Param, ParamDataType, Position2D, Reference, Table,
  TableField, VoEvent, VoEventRole, What, WhereWhen, Who, Why,
} from './voevent.model.js';
export { VOEVENT_NS, VOEVENT_SCHEMA_LOCATION } from './voevent.model.js';
export type { VoEventErrorCode, VoEventErrorLocation } from './voevent.errors.js';
export { VoEventError } from './voevent.errors.js';
export { writeVoEventXml } from './xml-writer.js';
export { readVoEventXml } from './xml-reader.js';
export type { XsdValidationError, XsdValidationResult } from './xsd-validator.js';
export { validateVoEventXml } from './xsd-validator.js';
