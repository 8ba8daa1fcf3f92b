import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { headers } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertNoticeExample, subjectsFor } from '@svom/contracts';
import { credentialsFileText } from '../src/subscriber/subscribers-file.js';
import { startSecuredNats, type SecuredNats } from './secured-nats.js';

// The quickstart of docs/subscribe.md, run as written against the secured NATS of deploy/nats.
const example = fileURLToPath(new URL('../../docs/examples/subscribe-nats.mjs', import.meta.url));
const guide = fileURLToPath(new URL('../../docs/subscribe.md', import.meta.url));
let nats: SecuredNats;

beforeAll(async () => {
  nats = await startSecuredNats();
});
afterAll(async () => nats?.close());

describe('docs/subscribe.md, the JavaScript quickstart', () => {
  it('is the file the test runs, word for word', () => {
    expect(readFileSync(guide, 'utf8')).toContain(readFileSync(example, 'utf8').trim());
  });

  it('prints a notice published before it started and one published after, with subscriber credentials', async () => {
    const password = await nats.addSubscriber('quickstart');
    const creds = join(nats.dir, 'quickstart.creds');
    // Every node's URL, as the compose stack issues them, one of them down: the quickstart
    // must read the list and connect to a node that is up.
    const down = `tls://127.0.0.1:${await closedPort()}`;
    writeFileSync(creds, credentialsFileText({ name: 'quickstart', password, urls: [down, nats.url] }));
    const publish = async (ivorn: string) => {
      const h = headers();
      h.set('Nats-Msg-Id', ivorn);
      const notice = { ...alertNoticeExample, svom: { ...(alertNoticeExample.svom as object), ivorn } };
      await nats.fsc.js.publish(subjectsFor('').alerts.notice('mxt-initial_qf3'), JSON.stringify(notice), {
        headers: h,
      });
    };
    await publish('ivo://org.svom/fsc#before');
    const child = spawn(process.execPath, [example], {
      env: { ...process.env, NATS_CREDENTIALS: creds, NATS_CA: nats.caFile },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const until = async (what: string) => {
      for (const end = Date.now() + 90_000; !out.includes(what); await new Promise((r) => setTimeout(r, 100)))
        if (Date.now() > end) throw new Error(`no ${what} from the quickstart; stdout: ${out}; stderr: ${err}`);
    };
    await until('ivo://org.svom/fsc#before');
    await publish('ivo://org.svom/fsc#after');
    await until('ivo://org.svom/fsc#after');
    child.kill('SIGTERM');
    expect(out.trim().split('\n')).toEqual([
      expect.stringMatching(/^1 svom\.alerts\.notice\.mxt-initial_qf3 ivo:\/\/org\.svom\/fsc#before 201\.38/),
      expect.stringMatching(/^2 svom\.alerts\.notice\.mxt-initial_qf3 ivo:\/\/org\.svom\/fsc#after 201\.38/),
    ]);
  });
});

/** A port nothing listens on (bound, then closed): a NATS node that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
