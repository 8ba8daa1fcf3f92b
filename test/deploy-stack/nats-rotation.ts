// deploy/README.md, "Secrets rotation", NATS_FSC_PASSWORD: the operator's commands as the deploy
// tests run them. The users file is changed by the stack's own nats-fsc-user service
// (`svom fsc-user next | retire`); how the nodes get it and reload is the caller's (compose:
// one volume and `kill -s HUP`; OpenStack: a copy to each NATS VM, then HUP).
import { connect } from '@nats-io/transport-node';
import { natsConnectAuthOptions } from '@svom/service-kit';
import type { ComposeStack } from './compose-stack.js';

export interface FscCredential {
  user: string;
  password: string;
}

/** `docker-compose run --rm -T nats-fsc-user next`: the .env lines it prints, as a credential. */
export async function addNextUser(stack: ComposeStack): Promise<FscCredential> {
  const lines = await stack.compose('run', '--rm', '-T', 'nats-fsc-user', 'next');
  const env = Object.fromEntries(
    lines
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );
  if (!env.NATS_FSC_USER || !env.NATS_FSC_PASSWORD) throw new Error(`fsc-user next printed: ${lines}`);
  return { user: env.NATS_FSC_USER, password: env.NATS_FSC_PASSWORD };
}

/** The credential as .env lines (NATS_FSC_USER, NATS_FSC_PASSWORD), for `ComposeStack.setEnv`. */
export function envLines(credential: FscCredential): Record<string, string> {
  return { NATS_FSC_USER: credential.user, NATS_FSC_PASSWORD: credential.password };
}

/**
 * `docker-compose up -d --no-deps <service>` for each in turn, each waited for until healthy
 * (its /ready: PostgreSQL and NATS reached with the env file's credential) before the next.
 * Answers the seconds each took.
 */
export async function recreateOneAtATime(
  stack: ComposeStack,
  services: readonly string[],
): Promise<Record<string, number>> {
  const seconds: Record<string, number> = {};
  for (const service of services) {
    const started = Date.now();
    await stack.compose('up', '-d', '--no-deps', service);
    await stack.waitServiceHealthy(service);
    seconds[service] = (Date.now() - started) / 1000;
  }
  return seconds;
}

/** `docker-compose run --rm -T nats-fsc-user retire`: refused while a retired user is connected. */
export async function retireOldUsers(stack: ComposeStack): Promise<string> {
  return stack.compose('run', '--rm', '-T', 'nats-fsc-user', 'retire');
}

/**
 * Connects with a credential to each of these NATS URLs alone (so every node is asked), over TLS
 * with `ca`. Answers, per URL, `ok` or the error the node gave (e.g. Authorization Violation).
 */
export async function credentialOnEachNode(
  urls: readonly string[],
  ca: string,
  credential: FscCredential,
): Promise<string[]> {
  return Promise.all(
    urls.map(async (url) => {
      try {
        const nc = await connect({
          servers: url,
          timeout: 5000,
          maxReconnectAttempts: 0,
          ...natsConnectAuthOptions({ ...credential, ca }),
        });
        await nc.close();
        return 'ok';
      } catch (error) {
        return (error as Error).message;
      }
    }),
  );
}
