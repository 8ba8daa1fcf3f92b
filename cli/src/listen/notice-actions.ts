import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NoticeSummary } from '@svom/voevent';

/** The notice as its source gave it: VOEvent XML from VTP, JSON otherwise. */
export function noticeDocument(summary: NoticeSummary): { text: string; extension: 'xml' | 'json' } {
  return typeof summary.notice === 'string'
    ? { text: summary.notice, extension: 'xml' }
    : { text: `${JSON.stringify(summary.notice, null, 2)}\n`, extension: 'json' };
}

/**
 * A file name from the IVORN's fragment (`sb25012345_eclairs-wakeup`), else the time and type:
 * the same notice received twice overwrites itself instead of piling up copies.
 */
export function noticeFileName(summary: NoticeSummary): string {
  const fragment = summary.ivorn?.split('#')[1];
  const base = fragment || `${summary.time ?? new Date().toISOString()}_${summary.type ?? 'notice'}`;
  return `${base.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 200)}.${noticeDocument(summary).extension}`;
}

/** `--save-dir`: every notice written to a file of its own; returns the path. */
export function saveNotice(dir: string, summary: NoticeSummary): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, noticeFileName(summary));
  writeFileSync(path, noticeDocument(summary).text);
  return path;
}

/**
 * `--exec`: runs a shell command per notice, the notice on its stdin (as Comet's `--cmd`), with
 * what it is in the environment. One command at a time, in arrival order, so a script that
 * appends to a log or points a telescope never sees two notices at once; a failing command is
 * reported and the next notice still runs.
 */
export class NoticeCommandRunner {
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly command: string,
    private readonly report: (line: string) => void,
  ) {}

  enqueue(summary: NoticeSummary): void {
    this.#queue = this.#queue.then(() => this.#run(summary));
  }

  /** Resolves when every queued command has finished. */
  idle(): Promise<void> {
    return this.#queue;
  }

  #run(summary: NoticeSummary): Promise<void> {
    return new Promise((resolve) => {
      const child = spawn(this.command, {
        shell: true,
        stdio: ['pipe', 'inherit', 'inherit'],
        env: { ...process.env, ...noticeEnvironment(summary) },
      });
      child.on('error', (error) => {
        this.report(`--exec could not run "${this.command}": ${error.message}`);
        resolve();
      });
      child.on('close', (code, signal) => {
        if (code !== 0) this.report(`--exec "${this.command}" ended with ${signal ?? `exit code ${code}`}`);
        resolve();
      });
      // A command that does not read its stdin closes the pipe early: that is its right.
      child.stdin.on('error', () => {});
      child.stdin.end(noticeDocument(summary).text);
    });
  }
}

/** What a command learns of the notice without parsing it (SVOM_NOTICE_*; empty when unknown). */
export function noticeEnvironment(summary: NoticeSummary): Record<string, string> {
  const text = (value: unknown) => (value === undefined ? '' : String(value));
  return {
    SVOM_NOTICE_IVORN: text(summary.ivorn),
    SVOM_NOTICE_TYPE: text(summary.type),
    SVOM_NOTICE_BURST_ID: text(summary.burstId),
    SVOM_NOTICE_TIME: text(summary.time),
    SVOM_NOTICE_INSTRUMENT: text(summary.instrument),
    SVOM_NOTICE_RA_DEG: text(summary.raDeg),
    SVOM_NOTICE_DEC_DEG: text(summary.decDeg),
    SVOM_NOTICE_ERROR_DEG: text(summary.errorDeg),
    SVOM_NOTICE_FORMAT: noticeDocument(summary).extension,
  };
}
