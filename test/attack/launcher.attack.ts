import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { call } from './http-client.js';
import { startFscProcess, type FscProcess } from './fsc-process.js';
import { report } from './probe.js';

// Issue 16 item 1: what `npm start` does when the FSC process meets a fault it did not catch, or
// cannot start. Decided: the whole group stops (one process holds every service), loudly, with a
// non-zero exit; nothing restarts behind anyone's back.
const injector = fileURLToPath(new URL('./fixtures/inject-fault.mjs', import.meta.url));

/** Whether anything answers on a port now. */
const answers = (port: number, ca: string) =>
  call(port, ca, '/health', { timeoutMs: 3000 }).then(
    () => true,
    () => false,
  );

describe('npm start when the FSC fails', () => {
  const started: FscProcess[] = [];
  afterAll(async () => {
    for (const fsc of started) await fsc.cleanup().catch(() => {});
  });

  test('svom start: an uncaught exception stops every service, says so, exits 1', { timeout: 360_000 }, async () => {
    const fsc = await startFscProcess({ nodeArgs: ['--import', injector] });
    started.push(fsc);
    expect(await answers(fsc.ports.web, fsc.ca)).toBe(true);
    fsc.child.kill('SIGUSR2');
    const { code } = await fsc.exited(20_000);
    const said = fsc
      .output()
      .split('\n')
      .filter((l) => l.includes('svom start:'))
      .join(' | ');
    report('an exception thrown from a timer in the FSC process (svom start)', `exit ${code}; ${said}`);
    expect(code).toBe(1);
    expect(said).toContain('uncaught exception');
    expect(said).toContain('nothing is restarted');
    for (const port of [fsc.ports.web, fsc.ports.alerts, fsc.ports.ingest])
      expect(await answers(port, fsc.ca)).toBe(false);
  });

  test('npm start: the FSC dying unasked is reported on stderr and npm start exits non-zero', {
    timeout: 360_000,
  }, async () => {
    const fsc = await startFscProcess({ via: 'npm', nodeArgs: ['--import', injector] });
    started.push(fsc);
    // npm start's child is the FSC: the fault goes to it, not to npm start.
    const launcherPid = Number(
      (await import('node:fs'))
        .readFileSync(`/proc/${fsc.child.pid}/task/${fsc.child.pid}/children`, 'utf8')
        .trim()
        .split(/\s+/)[0],
    );
    process.kill(launcherPid, 'SIGUSR2');
    const { code } = await fsc.exited(30_000);
    const said = fsc
      .output()
      .split('\n')
      .filter((l) => /npm start:|svom start:/.test(l))
      .join(' | ');
    report('an exception thrown in the FSC under npm start', `npm start exit ${code}; ${said}`);
    expect(code).not.toBe(0);
    expect(said).toContain('without being asked');
    expect(said).toContain('Nothing was restarted');
  });

  test('a service that cannot start stops the others and exits 1 (no half FSC left up)', {
    timeout: 360_000,
  }, async () => {
    const squatter: Server = createServer();
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', () => r()));
    const taken = (squatter.address() as { port: number }).port;
    try {
      const attempt = startFscProcess({ env: { SCHEDULER_PORT: String(taken) } });
      const error = await attempt.then(
        (fsc) => (started.push(fsc), undefined),
        (e: Error) => e,
      );
      report(
        `svom start with SCHEDULER_PORT=${taken} already taken`,
        error
          ? error.message
              .split('\n')
              .filter((l) => /svom start|could not/.test(l))
              .join(' | ')
          : 'it started?',
      );
      expect(error?.message).toMatch(/\(exit 1\)/);
      expect(error?.message).toMatch(/could not start every service/);
      expect(error?.message).toMatch(/the FSC did not start/);
    } finally {
      squatter.close();
    }
  });
});
