import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CliError, EXIT } from '../common/exit-codes.js';

/** One document to read: a file (with its path relative to the folder given) or stdin. */
export interface InputDocument {
  /** What error lines name: the path, or `-` for stdin. */
  name: string;
  /** Path below the folder given (for --out); the file name for a single file. */
  relativePath: string;
  path?: string | undefined;
  read(): string;
}

const DOCUMENT = /\.(xml|json)$/i;

/**
 * `<file|dir|->`: a file, every .xml/.json file below a folder (sorted, so runs are
 * repeatable), or stdin. A path that does not exist is a usage error of the caller's input (1).
 */
export function inputDocuments(target: string): { documents: InputDocument[]; isFolder: boolean } {
  if (target === '-')
    return { documents: [{ name: '-', relativePath: 'stdin', read: () => readFileSync(0, 'utf8') }], isFolder: false };
  let stats;
  try {
    stats = statSync(target);
  } catch {
    throw new CliError(`${target}: no such file or folder`, EXIT.INVALID);
  }
  if (!stats.isDirectory()) return { documents: [fileDocument(target, target.split(/[\\/]/).pop()!)], isFolder: false };
  const files = (readdirSync(target, { recursive: true, withFileTypes: false }) as string[])
    .map((entry) => join(target, entry))
    .filter((path) => DOCUMENT.test(path) && statSync(path).isFile())
    .sort();
  return { documents: files.map((path) => fileDocument(path, relative(target, path))), isFolder: true };
}

function fileDocument(path: string, relativePath: string): InputDocument {
  return { name: path, relativePath, path, read: () => readFileSync(path, 'utf8') };
}
