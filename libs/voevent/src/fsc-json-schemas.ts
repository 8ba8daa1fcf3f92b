import { readdirSync, readFileSync } from 'node:fs';

const FSC_SCHEMAS = new URL('../schemas/fsc/', import.meta.url);

/** One of the FSC's own JSON schema files, as the file says. */
export type FscJsonSchema = { $id: string } & Record<string, unknown>;

/**
 * The FSC's own JSON schemas (`schemas/fsc/*.schema.json`: the mxt, vt and retraction notices,
 * the `svom` object they share, the VOEvent JSON form), parsed, in file-name order: what the
 * alerts service serves at their `$id`s. GCN's schemas are GCN's to serve and are not among them.
 */
export function fscJsonSchemas(): FscJsonSchema[] {
  return readdirSync(FSC_SCHEMAS)
    .filter((file) => file.endsWith('.schema.json'))
    .sort()
    .map((file) => {
      const schema = JSON.parse(readFileSync(new URL(file, FSC_SCHEMAS), 'utf8')) as Record<string, unknown>;
      if (typeof schema['$id'] !== 'string') throw new Error(`schemas/fsc/${file} has no $id`);
      return schema as FscJsonSchema;
    });
}
