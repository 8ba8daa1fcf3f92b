import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';

const SCHEMA_DIRS = [
  new URL('../schemas/gcn-schema/gcn/notices/core/', import.meta.url),
  new URL('../schemas/gcn-schema/gcn/notices/core/models/', import.meta.url),
  new URL('../schemas/gcn-schema/gcn/notices/svom/', import.meta.url),
  new URL('../schemas/fsc/', import.meta.url),
];

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/**
 * The one Ajv instance, with every GCN core schema, GCN's SVOM schema and the FSC schemas added
 * by `$id` from the files beside this lib: `$ref`s resolve offline, nothing is downloaded.
 */
function registry(): Ajv2020 {
  if (ajv === undefined) {
    // strict off: the GCN schemas use `"$schema": true` as a property schema and other
    // constructs Ajv's strict mode flags although they are valid JSON Schema.
    ajv = new Ajv2020({ allErrors: true, strict: false });
    for (const dir of SCHEMA_DIRS) {
      for (const file of readdirSync(dir)
        .filter((f) => f.endsWith('.schema.json'))
        .sort()) {
        ajv.addSchema(JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as object);
      }
    }
  }
  return ajv;
}

/** The compiled validator of a schema `$id`, or undefined when no such schema is loaded. */
export function validatorFor(schemaId: string): ValidateFunction | undefined {
  let validate = compiled.get(schemaId);
  if (validate === undefined) {
    validate = registry().getSchema(schemaId);
    if (validate !== undefined) compiled.set(schemaId, validate);
  }
  return validate;
}
