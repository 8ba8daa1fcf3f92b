import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStation,
  eventually,
  postReceptions,
  shuffled,
  startAlerts,
  vectors,
  type Harness,
} from '../../services/alerts/test/helper.js';

// The Python quickstarts of docs/subscribe.md (VTP with the standard library, SSE with Debian's
// python3-requests), run as written against the alerts service fed by the real ingest.
const example = (name: string) => fileURLToPath(new URL(`../../docs/examples/${name}`, import.meta.url));
const guide = readFileSync(fileURLToPath(new URL('../../docs/subscribe.md', import.meta.url)), 'utf8');
const expected = (vectors.burst.expect as { notices: string[] }).notices.map(
  (name) => `ivo://org.svom/fsc#sb26031401_${name}`,
);

function runPython(script: string, env: Record<string, string>) {
  const child: ChildProcess = spawn('/usr/bin/python3', [example(script)], {
    env: { ...process.env, ...env, PYTHONUNBUFFERED: '1' },
  });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
  return { child, out };
}

let h: Harness;
const children: ChildProcess[] = [];

beforeAll(async () => {
  h = await startAlerts({ VTP_IAMALIVE_S: 1 });
  await h.alerts.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await h?.close();
});

describe('docs/subscribe.md, the Python quickstarts', () => {
  it('are the files the test runs, word for word', () => {
    for (const script of ['subscribe-vtp.py', 'subscribe-sse.py'])
      expect(guide, script).toContain(readFileSync(example(script), 'utf8').trim());
  });

  it('receive every notice of a relayed burst, over VTP (acknowledged) and over SSE', async () => {
    const { port } = h.alerts.server.address() as { port: number };
    const vtp = runPython('subscribe-vtp.py', { FSC_VTP: `127.0.0.1:${h.alerts.runtime.vtp.ports.subscribers}` });
    const sse = runPython('subscribe-sse.py', { FSC_SSE_URL: `http://127.0.0.1:${port}/v1/stream` });
    children.push(vtp.child, sse.child);
    const broker = h.alerts.runtime.vtp.broker;
    await eventually(() => broker.stats().subscribers === 1, `the VTP quickstart to connect (${vtp.out.stderr})`);
    await eventually(() => h.alerts.sseClients.open === 1, `the SSE quickstart to connect (${sse.out.stderr})`);

    const tokens: Record<string, string> = {};
    for (const id of new Set<string>(vectors.burst.receptions.map((r: { stationId: string }) => r.stationId)))
      tokens[id] = await addStation(h.ingest, id);
    await postReceptions(h.ingest, tokens, shuffled(vectors.burst.receptions, 11));

    const lines = (text: string) => text.split('\n').filter(Boolean);
    await eventually(
      () => expected.every((ivorn) => vtp.out.stdout.includes(ivorn) && sse.out.stdout.includes(ivorn)),
      `every notice at both (VTP: ${vtp.out.stdout} ${vtp.out.stderr}; SSE: ${sse.out.stdout} ${sse.out.stderr})`,
    );
    // VTP: one line per VOEvent, its IVORN, each acknowledged to the broker.
    expect(lines(vtp.out.stdout).sort()).toEqual([...expected].sort());
    await eventually(() => broker.stats().acked >= expected.length, 'the acks at the broker');
    // Silent subscribers are sent iamalive (every second here): the script answers, so it stays.
    const iamalive = broker.stats().iamaliveSent;
    await eventually(() => broker.stats().iamaliveSent >= iamalive + 2, 'two iamalive rounds');
    expect(broker.stats()).toMatchObject({ subscribers: 1, dropped: 0 });
    // SSE: the event id (the IVORN) then the JSON notice, once each.
    const sseLines = lines(sse.out.stdout);
    expect(sseLines.map((line) => line.split(' ')[0]).sort()).toEqual([...expected].sort());
    for (const line of sseLines) expect(line).toMatch(/^ivo:\/\/\S+ \{/);
  });
});
