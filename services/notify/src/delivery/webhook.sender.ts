import { createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { guardedLookup, refusedUrl, WebhookTargetRefused, type WebhookTargetPolicy } from './webhook-target.js';

/** `X-SVOM-Signature: sha256=<hex>`: HMAC-SHA256 of the exact body bytes under the subscription's secret. */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** How a send ended: delivered, worth retrying (5xx, timeout, network), or never going to work (4xx). */
export type SendResult =
  | { kind: 'ok'; httpStatus: number | null }
  | { kind: 'retry'; httpStatus: number | null; error: string }
  | { kind: 'permanent'; httpStatus: number | null; error: string };

class SendTimeout extends Error {}

/**
 * Posts webhooks through two keep-alive pools (http, https) whose sockets connect only where the
 * target policy allows: their `lookup` checks each address a name resolves to, and a URL's IP
 * literal (which no lookup sees) is checked before. A refused target is a permanent failure.
 */
export class WebhookSender {
  readonly #http: HttpAgent;
  readonly #https: HttpsAgent;

  constructor(private readonly policy: WebhookTargetPolicy) {
    const lookup = guardedLookup(policy);
    this.#http = new HttpAgent({ keepAlive: true, lookup });
    this.#https = new HttpsAgent({ keepAlive: true, lookup });
  }

  /** Posts a webhook body once; the receiver can drop a repeat by `X-SVOM-Delivery`. */
  post(
    url: string,
    body: string,
    options: { secret: string | null; deliveryId: number; timeoutMs: number },
  ): Promise<SendResult> {
    if (!URL.canParse(url)) return Promise.resolve({ kind: 'permanent', httpStatus: null, error: `bad url ${url}` });
    const target = new URL(url);
    const refused = refusedUrl(target, this.policy);
    if (refused) return Promise.resolve({ kind: 'permanent', httpStatus: null, error: `refused: ${refused}` });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'svom-fsc-notify/0.1',
      'x-svom-delivery': String(options.deliveryId),
    };
    if (options.secret) headers['x-svom-signature'] = signature(body, options.secret);
    const https = target.protocol === 'https:';
    return new Promise((resolve) => {
      let settled = false;
      const done = (result: SendResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      // Redirects are not followed (a 3xx is a permanent failure): a redirect could lead anywhere.
      const req = (https ? httpsRequest : httpRequest)(
        target,
        { method: 'POST', headers, agent: https ? this.#https : this.#http },
        (response) => {
          // The body is not needed, but reading it lets the connection be reused.
          response.resume();
          response.once('end', () => done(outcome(response)));
          response.once('error', (error) => done({ kind: 'retry', httpStatus: null, error: error.message }));
        },
      );
      const timer = setTimeout(
        () => req.destroy(new SendTimeout(`no answer in ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      req.once('error', (error: Error & { code?: string }) => {
        if (error instanceof WebhookTargetRefused)
          done({ kind: 'permanent', httpStatus: null, error: `refused: ${error.message}` });
        else
          done({
            kind: 'retry',
            httpStatus: null,
            error: error instanceof SendTimeout ? error.message : (error.code ?? error.message),
          });
      });
      req.end(body);
    });
  }

  close(): void {
    this.#http.destroy();
    this.#https.destroy();
  }
}

function outcome(response: IncomingMessage): SendResult {
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) return { kind: 'ok', httpStatus: status };
  const error = `HTTP ${status} ${response.statusMessage ?? ''}`.trim();
  // 408 and 429 say "later", like a 5xx; other 4xx (and redirects) will not change by retrying.
  if (status >= 500 || status === 408 || status === 429) return { kind: 'retry', httpStatus: status, error };
  return { kind: 'permanent', httpStatus: status, error };
}
