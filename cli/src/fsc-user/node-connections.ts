import { CliError, EXIT } from '../common/exit-codes.js';

/** A client connected to a NATS node, as the node's monitoring port says (`/connz?auth=true`). */
export interface NodeConnection {
  /** the monitoring URL asked */
  node: string;
  /** the client's connection name (the services give their own) */
  name: string;
  user: string;
  account: string;
}

interface Connz {
  connections?: Array<{ name?: string; authorized_user?: string; account?: string }>;
}

/**
 * Every client connection of these nodes (their monitoring URLs, port 8222), with the user it
 * authenticated as. Used before a user is retired: a reload disconnects that user's clients and
 * refuses them from then on, and nats.js gives up reconnecting after two refusals, so a service
 * still on it would stay cut off until recreated. A node that does not answer fails the whole
 * call: what it holds cannot be known.
 */
export async function nodeConnections(monitorUrls: readonly string[], timeoutMs = 5000): Promise<NodeConnection[]> {
  const perNode = await Promise.all(
    monitorUrls.map(async (node) => {
      const url = `${node.replace(/\/+$/, '')}/connz?auth=true&limit=100000`;
      let body: Connz;
      try {
        const reply = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (!reply.ok) throw new Error(`HTTP ${reply.status}`);
        body = (await reply.json()) as Connz;
      } catch (cause) {
        throw new CliError(
          `NATS node ${node} did not tell its connections: ${(cause as Error).message}`,
          EXIT.UNREACHABLE,
          {
            cause,
          },
        );
      }
      return (body.connections ?? []).map((c) => ({
        node,
        name: c.name ?? '',
        user: c.authorized_user ?? '',
        account: c.account ?? '',
      }));
    }),
  );
  return perNode.flat();
}
