import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay to a local port that a test can cut and mend: the clients behind it lose their
 * connection and cannot make another while the server itself stays up for everyone else (the
 * test's own connection), as when a client's NATS node is lost and the cluster goes on.
 */
export interface CuttableLink {
  /** `nats://127.0.0.1:<port>` of the relay: the same while cut. */
  url: string;
  port: number;
  /** Ends every relayed connection; new ones are closed at once until `mend()`. */
  cut(): void;
  mend(): void;
  /** How many connections the relay has accepted since it started (reconnects included). */
  readonly accepted: number;
  close(): Promise<void>;
}

/** Starts a relay on a free port of 127.0.0.1 to `targetPort` on 127.0.0.1. */
export async function startCuttableLink(targetPort: number): Promise<CuttableLink> {
  const pairs = new Set<[Socket, Socket]>();
  let isCut = false;
  let accepted = 0;
  const server: Server = createServer((client) => {
    if (isCut) return void client.destroy();
    accepted++;
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  const cutAll = () => {
    for (const [client, upstream] of pairs) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    get accepted() {
      return accepted;
    },
    cut() {
      isCut = true;
      cutAll();
    },
    mend() {
      isCut = false;
    },
    close() {
      isCut = true;
      cutAll();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
