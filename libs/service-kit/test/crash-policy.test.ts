import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

// Issue 16 item 1: what a service does when an exception reaches its top. It must neither go on
// silently nor die without a word: one fatal log line naming the fault, then exit code 1.
const fixture = fileURLToPath(new URL('./fixtures/crash.fixture.ts', import.meta.url));

describe('exitOnCrash', () => {
  test.each([
    ['uncaught', 'uncaught exception'],
    ['rejection', 'unhandled promise rejection'],
  ])('an %s fault is logged at fatal and the process exits 1', (kind, what) => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', fixture, kind], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    const line = result.stdout.split('\n').find((l) => l.includes('"level":60'));
    console.log(`fault: ${kind} → exit ${result.status}, log: ${line?.slice(0, 200)}`);
    expect(result.status).toBe(1);
    expect(line).toBeDefined();
    const entry = JSON.parse(line!);
    expect(entry.msg).toContain(what);
    expect(entry.msg).toContain('exiting with code 1');
    expect(entry.err.type).toBe('RangeError');
    expect(entry.service).toBe('crash-fixture');
  });
});
