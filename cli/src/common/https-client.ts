import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { CliError, EXIT } from './exit-codes.js';

export interface HttpReply {
  status: number;
  body: string;
  json<T = any>(): T;
}

export interface JsonClient {
  readonly baseUrl: string;
  request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    options?: { body?: unknown; token?: string | undefined; signal?: AbortSignal | undefined; timeoutMs?: number },
  ): Promise<HttpReply>;
  close(): void;
}

/** Network failures that mean "the service is not there" rather than "it said no". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
]);

/**
 * A keep-alive JSON client for one FSC service: one agent for every request, so a simulator
 * posting hundreds of batches reuses its TLS sessions instead of paying a handshake each time.
 * A transport failure becomes a {@link CliError} with exit code 3; any HTTP status is answered.
 */
export function createJsonClient(baseUrl: string, options: { ca?: string[]; maxSockets?: number } = {}): JsonClient {
  const url = new URL(baseUrl);
  const secure = url.protocol === 'https:';
  const agent = secure
    ? new HttpsAgent({
        keepAlive: true,
        maxSockets: options.maxSockets ?? 16,
        ...(options.ca ? { ca: options.ca } : {}),
      })
    : new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 16 });
  const send = secure ? httpsRequest : httpRequest;
  const prefix = url.pathname.replace(/\/$/, '');

  return {
    baseUrl,
    request(method, path, { body, token, signal, timeoutMs = 30_000 } = {}) {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string | number> = { accept: 'application/json' };
      if (data !== undefined)
        Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
      if (token) headers.authorization = `Bearer ${token}`;
      return new Promise<HttpReply>((resolve, reject) => {
        const req = send(
          {
            agent,
            protocol: url.protocol,
            hostname: url.hostname.replace(/^\[|\]$/g, ''),
            port: url.port,
            path: prefix + path,
            method,
            headers,
            signal,
            timeout: timeoutMs,
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('error', (error) => reject(unreachable(baseUrl, error)));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, json: () => JSON.parse(text) }));
          },
        );
        req.on('timeout', () =>
          req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
        );
        req.on('error', (error) => reject(unreachable(baseUrl, error)));
        req.end(data);
      });
    },
    close: () => agent.destroy(),
  };
}

function unreachable(baseUrl: string, error: Error & { code?: string }): Error {
  if (error.name === 'AbortError') return error;
  const tls = error.code?.startsWith('ERR_TLS') || /certificate|self.signed|SSL/i.test(error.message);
  const hint = tls
    ? " (its certificate is not trusted: pass --ca <file>, or set TLS_CERT / DATA_DIR to the FSC's)"
    : '';
  if (tls || UNREACHABLE_CODES.has(error.code ?? '')) {
    return new CliError(`cannot reach ${baseUrl}: ${error.code ?? error.message}${hint}`, EXIT.UNREACHABLE, {
      cause: error,
    });
  }
  return new CliError(`request to ${baseUrl} failed: ${error.message}`, EXIT.UNREACHABLE, { cause: error });
}

/** The message of a problem+json answer (or the raw body), for an error line. */
export function problemText(reply: HttpReply): string {
  try {
    const problem = reply.json();
    const where = problem.field ? ` (${problem.field})` : '';
    return `${reply.status} ${problem.code ?? problem.title ?? ''}: ${problem.detail ?? problem.message ?? reply.body}${where}`.replace(
      /\s+:/,
      ':',
    );
  } catch {
    return `${reply.status} ${reply.body.slice(0, 200)}`;
  }
}

/** Fails with exit 1 unless the reply has one of the expected statuses. */
export function expectStatus(reply: HttpReply, what: string, ...statuses: number[]): HttpReply {
  if (statuses.includes(reply.status)) return reply;
  throw new CliError(
    `${what}: ${problemText(reply)}`,
    reply.status === 502 || reply.status === 503 || reply.status === 504 ? EXIT.UNREACHABLE : EXIT.INVALID,
  );
}
