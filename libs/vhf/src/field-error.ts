/**
 * Payload decoders return their fields or, for a bad field, a string naming it: a string
 * rather than a result wrapper keeps the valid path (every frame but a few) to one object.
 */
export type FieldsOrBadField<T> = T | string;

/** The `BAD_FIELD` detail for a field: `<field>: <why>`. */
export function badField(field: string, why: string): string {
  return `${field}: ${why}`;
}
