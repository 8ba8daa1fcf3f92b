// The compose stack's NATS as the host meets it: TLS on the published client port (the tls-init
// certificate as CA) and accounts (deploy/nats/accounts.conf). The tests read the streams as
// the services do, user `fsc`; outside subscribers get credentials from the stack's own
// `nats-subscribers` service, as deploy/README.md tells an operator.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import { natsConnectAuthOptions, readNatsCredentials } from '@svom/service-kit';
import { freePorts, type ComposeStack } from './compose-stack.js';

/** The env-file lines that publish nats-1..3's client ports on free host ports. */
export async function natsPortsEnv(): Promise<Record<string, string>> {
  const [one, two, three] = await freePorts(3);
  return { NATS_HOST_PORT: String(one), NATS_HOST_PORT_2: String(two), NATS_HOST_PORT_3: String(three) };
}

/** The three nodes' published client ports as URLs, nats-1 first: what a subscriber is given. */
export function publishedNatsUrls(stack: ComposeStack): string[] {
  return ['NATS_HOST_PORT', 'NATS_HOST_PORT_2', 'NATS_HOST_PORT_3'].map((key) => {
    const port = stack.env[key];
    if (!port) throw new Error(`${key} is not in the stack's env file (natsPortsEnv)`);
    return `tls://127.0.0.1:${port}`;
  });
}

/** The services' NATS credential the stack's env file gives now (NATS_FSC_USER is fsc unless rotated). */
export function fscCredential(stack: ComposeStack): { user: string; password: string } {
  return { user: stack.env.NATS_FSC_USER ?? 'fsc', password: stack.env.NATS_FSC_PASSWORD! };
}

/**
 * Connects to the published client ports as the FSC services do (account FSC), any node, with
 * the env file's credential unless given another.
 */
export function connectAsFsc(
  stack: ComposeStack,
  caFile: string,
  options: Partial<NodeConnectionOptions> = {},
  credential = fscCredential(stack),
): Promise<NatsConnection> {
  return connect({
    servers: publishedNatsUrls(stack),
    ...natsConnectAuthOptions({ ...credential, ca: readFileSync(caFile, 'utf8') }),
    ...options,
  });
}

/**
 * `docker-compose run --rm -T nats-subscribers add <name> --url <urls>` (the credentials on
 * stdout), then the nodes reloaded with SIGHUP: the operator's two commands. Answers the
 * credentials file.
 */
export async function addSubscriber(stack: ComposeStack, name: string, urls: readonly string[]): Promise<string> {
  const text = await stack.compose('run', '--rm', '-T', 'nats-subscribers', 'add', name, '--url', urls.join(','));
  readNatsCredentials(text); // throws unless it is a credentials file
  await stack.compose('kill', '-s', 'HUP', 'nats-1', 'nats-2', 'nats-3');
  const file = join(stack.dir, `${name}.creds`);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}
