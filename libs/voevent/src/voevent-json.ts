import type { VoEvent } from './voevent.model.js';
import { VoEventError } from './voevent.errors.js';
import { validatorFor } from './json-schema-registry.js';

/** `$id` of the generic VOEvent JSON form (`schemas/fsc/voevent.schema.json`). */
export const VOEVENT_JSON_SCHEMA_ID = 'https://fsc.svom.eu/schemas/v1/voevent.schema.json';

/** The JSON form of a VOEvent: the model itself, with its `$schema`. */
export type VoEventJson = { $schema: typeof VOEVENT_JSON_SCHEMA_ID } & VoEvent;

/**
 * The faithful JSON form of any VOEvent (what `svom convert` writes): the model as plain JSON,
 * undefined properties dropped, tagged with `$schema`. {@link jsonToVoEvent} gives it back.
 */
export function voEventToJson(event: VoEvent): VoEventJson {
  return { $schema: VOEVENT_JSON_SCHEMA_ID, ...(JSON.parse(JSON.stringify(event)) as VoEvent) };
}

/**
 * Reads the JSON form back into the model, checked against `voevent.schema.json`.
 * @throws {VoEventError} BAD_JSON with the JSON Pointer of the first fault as `field`.
 */
export function jsonToVoEvent(json: unknown): VoEvent {
  const validate = validatorFor(VOEVENT_JSON_SCHEMA_ID);
  if (validate === undefined) throw new VoEventError('BAD_JSON', 'the VOEvent JSON schema is not loaded');
  if (!validate(json)) {
    const first = validate.errors?.[0];
    const field = first?.instancePath === '' ? '/' : first?.instancePath;
    throw new VoEventError('BAD_JSON', `not the JSON form of a VOEvent: ${first?.message ?? 'invalid'}`, {
      field,
      cause: validate.errors,
    });
  }
  const { $schema: _schema, ...event } = structuredClone(json as VoEventJson);
  return event;
}
