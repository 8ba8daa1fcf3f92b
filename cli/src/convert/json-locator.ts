/**
 * Where things are in JSON text, so an error names a line and not only a JSON Pointer.
 * A small scanner over the text (strings, numbers, literals, nesting), not a parser: the text
 * has already parsed when it is asked.
 */
export function lineOfPointer(text: string, pointer: string): number | undefined {
  const lines = lineStarts(text);
  const target = pointer === '' || pointer === '/' ? '' : pointer;
  let found: number | undefined;
  walk(text, (path, offset) => {
    if (found === undefined && path === target) found = offset;
  });
  return found === undefined ? undefined : lineAt(lines, found);
}

/** The 1-based line and column of a character offset (JSON.parse reports positions). */
export function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  const lines = lineStarts(text);
  const line = lineAt(lines, offset);
  return { line, column: offset - lines[line - 1]! + 1 };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Calls `visit(pointer, offset)` for every value, at the offset of its key (or of the value in arrays). */
function walk(text: string, visit: (pointer: string, offset: number) => void): void {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (pointer: string, at: number): void => {
    ws();
    visit(pointer, at);
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      while (i < text.length && text[i] !== '}') {
        ws();
        const keyAt = i;
        const key = string();
        ws();
        i++; // ':'
        value(`${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, keyAt);
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (ch === '[') {
      i++;
      ws();
      for (let index = 0; i < text.length && text[i] !== ']'; index++) {
        ws();
        value(`${pointer}/${index}`, i);
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (ch === '"') {
      string();
    } else {
      while (i < text.length && /[^\s,\]}]/.test(text[i]!)) i++;
    }
  };
  ws();
  value('', i);
}
