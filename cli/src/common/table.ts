/** A plain text table: columns padded to their widest cell, numbers right-aligned. */
export function renderTable(
  headers: string[],
  rows: Array<Array<string | number | null | undefined>>,
  options: { header?: (text: string) => string } = {},
): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))));
  const numeric = headers.map(
    (_, i) =>
      rows.length > 0 && rows.every((row) => typeof row[i] === 'number' || row[i] === null || row[i] === undefined),
  );
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const pad = (text: string, i: number) => (numeric[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  const head = headers.map(pad).join('  ').trimEnd();
  const lines = cells.map((row) => row.map(pad).join('  ').trimEnd());
  return [options.header ? options.header(head) : head, ...lines].join('\n');
}

/** An ISO instant as tables show it: `2026-03-30 15:01:08.405` (UTC, said in the column header). */
export function utcTime(iso: string): string {
  return iso.replace('T', ' ').replace(/Z$/, '');
}
