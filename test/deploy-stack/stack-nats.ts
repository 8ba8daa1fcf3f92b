// The compose stack's NATS as the host meets it: TLS on the published client port (the tls-init
// certificate as CA) and accounts (deploy/nats/accounts.conf). The tests read the streams as
// the services do, user `fsc`; outside subscribers get credentials from the stack's own
// `nats-subscribers` service, as deploy/README.md tells an operator.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import { natsConnectAuthOptions, readNatsCredentials } from '@svom/service-kit';
import type { ComposeStack } from './compose-stack.js';

/** Connects to the published client port as the FSC services do (account FSC). */
export function connectAsFsc(
  stack: ComposeStack,
  port: number,
  caFile: string,
  options: Partial<NodeConnectionOptions> = {},
): Promise<NatsConnection> {
  return connect({
    servers: `tls://127.0.0.1:${port}`,
    ...natsConnectAuthOptions({
      user: 'fsc',
      password: stack.env.NATS_FSC_PASSWORD!,
      ca: readFileSync(caFile, 'utf8'),
    }),
    ...options,
  });
}

/**
 * `docker-compose run --rm -T nats-subscribers add <name>` (the credentials on stdout), then
 * the nodes reloaded with SIGHUP: the operator's two commands. Answers the credentials file.
 */
export async function addSubscriber(stack: ComposeStack, name: string, url: string): Promise<string> {
  const text = await stack.compose('run', '--rm', '-T', 'nats-subscribers', 'add', name, '--url', url);
  readNatsCredentials(text); // throws unless it is a credentials file
  await stack.compose('kill', '-s', 'HUP', 'nats-1', 'nats-2', 'nats-3');
  const file = join(stack.dir, `${name}.creds`);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}
