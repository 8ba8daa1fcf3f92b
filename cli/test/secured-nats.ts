import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { connectNats, loadTls, natsConnectAuthOptions, type NatsHandles } from '@svom/service-kit';
import { startPrivateNatsServer, type PrivateNatsServer } from '@svom/service-kit/testing';
import { initFscUsers } from '../src/fsc-user/fsc-users-file.js';
import { addSubscriber } from '../src/subscriber/subscribers-file.js';

const deployNats = fileURLToPath(new URL('../../deploy/nats/', import.meta.url));

/**
 * A private nats-server run with the deploy's own accounts.conf and subscribers.conf (copied, so
 * the test may add and revoke) and the services' users file `svom fsc-user init` writes, TLS on
 * the client port with a self-signed pair for 127.0.0.1, its monitoring port, and the FSC
 * services' connection with their streams made.
 */
export interface SecuredNats {
  server: PrivateNatsServer;
  url: string;
  /** PEM of the client port's certificate: what subscribers get as NATS_CA. */
  ca: string;
  caFile: string;
  dir: string;
  subscribersFile: string;
  /** The FSC account's users (`svom fsc-user`): `fsc` with FSC_PASSWORD at the start. */
  fscUsersFile: string;
  fsc: NatsHandles;
  /** Issues a PUBLIC user (in the file, then reload) and answers its password. */
  addSubscriber(name: string): Promise<string>;
  /** Connects as that PUBLIC user. */
  connectAs(user: string, password: string, options?: { ca?: string | undefined }): Promise<NatsConnection>;
  close(): Promise<void>;
}

export const FSC_PASSWORD = 'fsc-services-password';

export async function startSecuredNats(): Promise<SecuredNats> {
  const dir = mkdtempSync(join(tmpdir(), 'svom-secured-nats-'));
  mkdirSync(join(dir, 'subscribers'));
  for (const file of ['accounts.conf', 'subscribers/subscribers.conf'])
    copyFileSync(join(deployNats, file), join(dir, file));
  const fscUsersFile = join(dir, 'subscribers', 'fsc-users.conf');
  initFscUsers(fscUsersFile, { user: 'fsc', password: FSC_PASSWORD });
  const tls = await loadTls({ dataDir: dir });
  const caFile = join(dir, 'tls', 'localhost.crt');
  writeFileSync(
    join(dir, 'node.conf'),
    [
      '# As deploy/nats/nats-*.conf with client-tls.conf: TLS on the client port, the FSC accounts.',
      `tls { cert_file: "${caFile}", key_file: "${join(dir, 'tls', 'localhost.key')}", timeout: 2 }`,
      'jetstream { store_dir: $NATS_STORE_DIR }',
      'include ./accounts.conf',
      '',
    ].join('\n'),
  );
  const server = await startPrivateNatsServer({ configFile: join(dir, 'node.conf'), monitor: true });
  const fsc = await connectNats({
    url: server.url,
    prefix: '',
    replicas: 1,
    name: 'fsc-test',
    streams: ['VHF', 'ALERTS', 'NOTICES'],
    auth: { user: 'fsc', password: FSC_PASSWORD, ca: tls.cert },
  });
  const subscribersFile = join(dir, 'subscribers', 'subscribers.conf');
  return {
    server,
    url: server.url,
    ca: tls.cert,
    caFile,
    dir,
    subscribersFile,
    fscUsersFile,
    fsc,
    async addSubscriber(name) {
      const { password } = addSubscriber(subscribersFile, name);
      await server.reload();
      return password;
    },
    connectAs(user, password, options = { ca: tls.cert }) {
      return connect({
        servers: server.url,
        timeout: 3000,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 200,
        ...natsConnectAuthOptions({ user, password, ca: options.ca }),
      });
    },
    async close() {
      await fsc.nc.close().catch(() => {});
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
