import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from '@nats-io/transport-node';

/**
 * Makes sure a NATS server with JetStream answers at `url`: when nothing does and the URL is
 * local, starts `nats-server` from the PATH with its store under `dataDir`; otherwise says
 * exactly how to get one.
 */
export async function ensureLocalNats(
  url: string,
  dataDir: string,
  log: (line: string) => void,
): Promise<{ started: boolean; stop(): void }> {
  if (await answers(url)) return { started: false, stop() {} };
  const first = new URL(url.split(',')[0]!.trim());
  const local = ['127.0.0.1', 'localhost', '::1'].includes(first.hostname);
  const binary = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).stdout.trim();
  if (!local || !binary) {
    throw new Error(
      `no NATS server answers at ${url}.\n` +
        (local
          ? '  Install one (Debian: `apt-get install nats-server`, or https://github.com/nats-io/nats-server/releases) and run it with JetStream:\n    nats-server -a 127.0.0.1 -p 4222 -js\n  or set NATS_URL to a server you have.'
          : '  Start it, or set NATS_URL to a server that answers.'),
    );
  }
  const store = `${dataDir}/nats`;
  mkdirSync(store, { recursive: true });
  const port = first.port || '4222';
  log(`starting ${binary} with JetStream on ${first.hostname}:${port} (store ${store})`);
  const child = spawn(binary, ['-a', first.hostname, '-p', port, '-js', '-sd', store], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !(await answers(url)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await answers(url))) throw new Error(`nats-server did not come up on ${url}`);
  return { started: true, stop: () => void child.kill('SIGTERM') };
}

async function answers(url: string): Promise<boolean> {
  try {
    const nc = await connect({ servers: url.split(','), timeout: 1000, reconnect: false });
    await nc.close();
    return true;
  } catch {
    return false;
  }
}
