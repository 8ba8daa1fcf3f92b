import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Root of the copied reference notices (testdata/notices), found from this file. */
export const NOTICES_DIR = new URL('../../../testdata/notices/', import.meta.url).pathname;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.xml') ? [path] : [];
  });
}

/** Every reference VOEvent (SVOM, Swift, Fermi) as [relative path, xml]. */
export function referenceNotices(subdir = ''): Array<[string, string]> {
  return walk(join(NOTICES_DIR, subdir))
    .sort()
    .map((path) => [relative(NOTICES_DIR, path), readFileSync(path, 'utf8')]);
}
