/**
 * Epoch milliseconds of an ISO 8601 time, NaN when it is not one. GCN's own examples write times
 * without a zone (`2024-02-22T08:51:31.320000`): those are UTC, as every time in a notice is.
 */
export function parseUtc(text: string): number {
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
}
