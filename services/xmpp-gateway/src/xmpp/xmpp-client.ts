import { readFileSync } from 'node:fs';
import { client, type Client } from '@xmpp/client';

export interface XmppAccount {
  /** `xmpps://host:port` (direct TLS) or `xmpp://host:port` (STARTTLS). */
  service: string;
  domain: string;
  username: string;
  password: string;
  resource?: string | undefined;
  /** PEM file of the CA that signed the server's certificate (a self-signed one in development). */
  caFile?: string | undefined;
  /**
   * How long each step of opening a session may take (stream, TLS, SASL): xmpp.js's default is
   * 2 s, which a busy server's password hashing exceeds, and then it never gets in.
   */
  timeoutMs?: number | undefined;
}

type TransportClass = new (
  ...args: never[]
) => {
  socketParameters(service: string): Record<string, unknown> | undefined;
};

/**
 * An XMPP client (xmpp.js) for an account, not started. xmpp.js reconnects by itself and trusts
 * the system's CAs only; with `caFile` its direct-TLS transport is given that CA too (xmpp.js has
 * no option for it, and STARTTLS cannot take one, hence xmpps:// with a CA).
 */
export function xmppClient(account: XmppAccount): Client {
  const xmpp = client({
    service: account.service,
    domain: account.domain,
    username: account.username,
    password: account.password,
    resource: account.resource,
    ...(account.timeoutMs ? { timeout: account.timeoutMs } : {}),
  } as Parameters<typeof client>[0]);
  if (account.caFile) {
    if (!account.service.startsWith('xmpps://'))
      throw new Error(`a CA file needs a direct-TLS service (xmpps://), not ${account.service}`);
    const ca = readFileSync(account.caFile, 'utf8');
    const transports = (xmpp as unknown as { transports: TransportClass[] }).transports;
    const Tls = transports.find((T) => T.prototype.socketParameters.call({}, 'xmpps://h:1') !== undefined);
    if (!Tls) throw new Error('xmpp.js has no direct-TLS transport');
    class TrustingTls extends Tls {
      override socketParameters(service: string) {
        const parameters = super.socketParameters(service);
        return parameters && { ...parameters, ca, servername: account.domain };
      }
    }
    transports.unshift(TrustingTls);
  }
  return xmpp;
}
