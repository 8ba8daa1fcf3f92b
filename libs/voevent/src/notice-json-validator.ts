import { validatorFor } from './json-schema-registry.js';

/** One fault of a JSON notice: a JSON Pointer (`/svom/packet_type`, `` for the root) and why. */
export interface JsonValidationError {
  path: string;
  message: string;
}

/** Result of {@link validateNoticeJson}. */
export interface JsonValidationResult {
  valid: boolean;
  errors: JsonValidationError[];
}

/**
 * Validates a JSON notice against the schema its `$schema` names: GCN's unified schemas
 * (`svom/trigger.schema.json`...), the FSC schemas (`schemas/fsc/`) or the generic VOEvent JSON
 * form. Schemas are compiled once, on first use.
 */
export function validateNoticeJson(json: unknown): JsonValidationResult {
  const schemaId = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)['$schema'] : undefined;
  if (typeof schemaId !== 'string') {
    return { valid: false, errors: [{ path: '/$schema', message: 'must name the schema the notice follows' }] };
  }
  const validate = validatorFor(schemaId);
  if (validate === undefined) {
    return { valid: false, errors: [{ path: '/$schema', message: `unknown schema ${schemaId}` }] };
  }
  if (validate(json)) return { valid: true, errors: [] };
  return {
    valid: false,
    errors: (validate.errors ?? []).map((e) => ({
      path: e.instancePath,
      message:
        e.keyword === 'unevaluatedProperties' || e.keyword === 'additionalProperties'
          ? `${e.message ?? 'invalid'}: ${JSON.stringify(e.params)}`
          : (e.message ?? 'invalid'),
    })),
  };
}
