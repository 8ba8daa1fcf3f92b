import { InvalidArgumentError } from 'commander';

/** Option parsers for commander: a bad value is a usage error (exit 2) that names the range. */
export function numberIn(min: number, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}`);
    }
    return value;
  };
}

/**
 * Any finite number: for a value the service checks itself (its problem names the option), so
 * the range is written once, in its schema.
 */
export function finiteNumber(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new InvalidArgumentError('expected a number');
  return value;
}

export function integerIn(min: number, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || value < min || value > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return value;
  };
}

export function httpsUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError('expected a URL such as https://127.0.0.1:8441');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InvalidArgumentError('expected an https:// (or http://) URL');
  return url.toString().replace(/\/$/, '');
}

/** `host:port` of a VTP broker. */
export function hostPort(text: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) throw new InvalidArgumentError('expected host:port, e.g. 127.0.0.1:8099');
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

/**
 * `--url` given several times, or once with comma-separated URLs: NATS servers in the order given
 * (a client that knows every node fails over to another when one is down; the FSC's nodes do not
 * advertise each other). Accumulates over repeats.
 */
export function natsServerList(text: string, previous: readonly string[] = []): string[] {
  const urls = text.split(',').map((url) => url.trim());
  for (const url of urls)
    if (!/^((nats|tls|ws|wss):\/\/)?(\[[\dA-Fa-f:.]+\]|[^\s/:[\]]+)(:\d{1,5})?$/.test(url))
      throw new InvalidArgumentError(
        `${JSON.stringify(url)}: expected NATS URLs such as tls://fsc.example.org:4222, comma-separated or repeated`,
      );
  return [...previous, ...urls];
}

/**
 * NATS monitoring URLs (port 8222 of each node), comma-separated or repeated, e.g.
 * http://nats-1:8222,http://nats-2:8222. Accumulates over repeats.
 */
export function monitorUrlList(text: string, previous: readonly string[] = []): string[] {
  const urls = text
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  for (const url of urls)
    if (!/^https?:\/\/[^\s/]+\/?$/.test(url))
      throw new InvalidArgumentError(
        `${JSON.stringify(url)}: expected monitoring URLs such as http://nats-1:8222, comma-separated or repeated`,
      );
  return [...previous, ...urls];
}
