/**
 * The problem codes each documented route of a service can answer with, found by reading its
 * sources: for the test that every one of them is in the route's OpenAPI responses
 * (test/openapi-route-problems.test.ts).
 *
 * A static scan, so it sees what is written, not what is wired at run time. It follows, from a
 * route registration (`r.post('/v1/…', {…}, handler)`), the names it uses: declarations of the
 * same file and names imported from the service's own modules, declaration by declaration (not
 * whole files, so importing a constant from a module does not bring in what its functions throw),
 * down to `XErrors.Name` of the service's error table and `status: 413, code: '…'` literals.
 * It does not see a function reached through an object built elsewhere
 * (`runtime.stationAuth.authenticate`), nor the kit's own codes (the kit documents those).
 * It relies on the code being formatted (biome): a declaration ends where the next statement of
 * the same indentation begins.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export type Thrown = { code: string; status: number };
/** `path` in OpenAPI form; a template path (`/v1/subscriptions/:id/${action}`) matches several. */
export type RouteProblems = { method: string; path: RegExp; hidden: boolean; thrown: Thrown[] };

type Module = { text: string; imports: Map<string, { file: string; name: string }> };

/** `r.post(`, `app.withTypeProvider<…>().post(` at the end of a line or before the path. */
const REGISTRATION = /^(\s*)\S.*\.(get|post|put|delete|patch)(?:<[^\n]*?>)?\(\s*(?:$|['`]\/)/;
const DECLARATION = (name: string) =>
  new RegExp(`^([ \\t]*)(?:export\\s+)?(?:async\\s+)?(?:function\\*?\\s+${name}\\b|(?:const|let)\\s+${name}\\b)`, 'gm');

/**
 * The line where `name` is declared in scope of code indented `within`: at top level or beside it
 * (a handler's own locals are not the scope of its siblings' code).
 */
function declarationLine(text: string, name: string, within: number): number | undefined {
  for (const at of text.matchAll(DECLARATION(name)))
    if (at[1]!.length <= within) return text.slice(0, at.index).split('\n').length - 1;
  return undefined;
}

/** The error table of an `errors.ts`: `UnknownBurst: createError('ALERTS_UNKNOWN_BURST', 'no burst %s', 404)`. */
export function errorTable(text: string): Map<string, Thrown> {
  const table = new Map<string, Thrown>();
  const entry = /(\w+):\s*createError\(\s*'([A-Z][A-Z0-9_]+)',\s*(?:'[^']*'|"[^"]*"|`[^`]*`|\s|\+)*,\s*(\d{3})/g;
  for (const m of text.matchAll(entry)) table.set(m[1]!, { code: m[2]!, status: Number(m[3]) });
  return table;
}

/** The statement that starts at `start` (a line index), up to the next statement of its indentation. */
function statementAt(lines: string[], start: number): string {
  const indent = /^\s*/.exec(lines[start]!)![0].length;
  let end = start + 1;
  for (; end < lines.length; end++) {
    const line = lines[end]!;
    if (line.trim() === '') continue;
    const at = /^\s*/.exec(line)![0].length;
    if (at < indent || (at === indent && !/^\s*[)}\]]/.test(line))) break;
  }
  return lines.slice(start, end).join('\n');
}

/** The codes a service's routes can answer with, route by route. */
export function routeProblems(serviceSrc: string, routeFiles: string[]): RouteProblems[] {
  const errors = new Map<string, Thrown>();
  const tableName = /export const (\w+Errors)\s*=/.exec(readFileSync(resolve(serviceSrc, 'errors.ts'), 'utf8'))?.[1];
  for (const [name, thrown] of errorTable(readFileSync(resolve(serviceSrc, 'errors.ts'), 'utf8')))
    errors.set(`${tableName}.${name}`, thrown);

  const modules = new Map<string, Module>();
  const moduleOf = (file: string): Module => {
    let module = modules.get(file);
    if (module) return module;
    const text = readFileSync(file, 'utf8');
    const imports = new Map<string, { file: string; name: string }>();
    for (const m of text.matchAll(/^import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'(\.{1,2}\/[^']+)\.js';/gm)) {
      const target = resolve(dirname(file), `${m[2]}.ts`);
      if (!existsSync(target)) continue;
      for (const part of m[1]!.split(',')) {
        const [name, alias] = part
          .replace(/^\s*type\s+/, '')
          .split(/\s+as\s+/)
          .map((s) => s.trim());
        if (name) imports.set(alias ?? name, { file: target, name });
      }
    }
    module = { text, imports };
    modules.set(file, module);
    return module;
  };

  /** The codes a piece of a module's text answers with, following the names it uses. */
  let visited: string[] = [];
  const codesOf = (file: string, text: string, seen: Set<string>, within: number, own?: string): Thrown[] => {
    const module = moduleOf(file);
    visited.push(text);
    const found: Thrown[] = [];
    for (const m of text.matchAll(/\b(\w+Errors\.\w+)\b/g)) {
      const thrown = errors.get(m[1]!);
      if (thrown) found.push(thrown);
    }
    for (const m of text.matchAll(/\bstatus:\s*(\d{3}),\s*code:\s*'([A-Z][A-Z0-9_]+)'/g))
      found.push({ code: m[2]!, status: Number(m[1]) });
    const lines = module.text.split('\n');
    // Names used (`guard`, `...guard`), not properties read (`a.jid`) nor keys written (`jid: x`).
    const used = text.matchAll(/(?<![\w$])(?<!(?<!\.\.)\.)([A-Za-z_$][\w$]*)\b(?!\s*:(?!:))/g);
    for (const name of new Set([...used].map((m) => m[1]!))) {
      if (name === own) continue;
      const imported = module.imports.get(name);
      if (imported) {
        const key = `${imported.file}#${imported.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const target = moduleOf(imported.file).text;
        const line = declarationLine(target, imported.name, 0);
        if (line !== undefined)
          found.push(...codesOf(imported.file, statementAt(target.split('\n'), line), seen, 0, imported.name));
        continue;
      }
      const key = `${file}#${name}`;
      if (seen.has(key)) continue;
      const line = declarationLine(module.text, name, within);
      if (line === undefined) continue;
      seen.add(key);
      found.push(...codesOf(file, statementAt(lines, line), seen, within, name));
    }
    return found;
  };

  const routes: RouteProblems[] = [];
  for (const file of routeFiles) {
    const lines = moduleOf(file).text.split('\n');
    lines.forEach((line, i) => {
      const m = REGISTRATION.exec(line);
      if (!m) return;
      const statement = statementAt(lines, i);
      const path = /\(\s*['`](\/[^'`]*)['`]/.exec(statement)?.[1];
      if (!path) return;
      const thrown = new Map<string, Thrown>();
      visited = [];
      for (const t of codesOf(file, statement, new Set(), m[1]!.length)) thrown.set(t.code, t);
      const openapi = path
        .replace(/[.+?^()|[\]\\]/g, '\\$&')
        .replace(/\$\{[^}]*\}/g, '\u0000')
        .replace(/:(\w+)/g, '{$1}')
        .replace(/\*$/, '{path}')
        .replace(/\u0000/g, '[^/]+');
      routes.push({
        method: m[2]!,
        path: new RegExp(`^${openapi}$`),
        // Left out of the document: `hide: true` in its schema, wherever that is declared.
        hidden: visited.some((text) => /\bhide:\s*true\b/.test(text)),
        thrown: [...thrown.values()].sort((a, b) => a.code.localeCompare(b.code)),
      });
    });
  }
  return routes;
}

/** The codes a document's operation shows for one status: its `example` and named `examples`. */
export function documentedCodes(operation: unknown, status: number): string[] {
  const response = (operation as { responses?: Record<string, { content?: Record<string, unknown>; $ref?: string }> })
    ?.responses?.[String(status)];
  const codes: string[] = [];
  for (const media of Object.values(response?.content ?? {}) as Array<{
    example?: { code?: string };
    examples?: Record<string, { value?: { code?: string } }>;
  }>) {
    if (media.example?.code) codes.push(media.example.code);
    for (const named of Object.values(media.examples ?? {})) if (named.value?.code) codes.push(named.value.code);
  }
  return codes;
}
