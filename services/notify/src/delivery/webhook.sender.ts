import { createHmac } from 'node:crypto';

/** `X-SVOM-Signature: sha256=<hex>`: HMAC-SHA256 of the exact body bytes under the subscription's secret. */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** How a send ended: delivered, worth retrying (5xx, timeout, network), or never going to work (4xx). */
export type SendResult =
  | { kind: 'ok'; httpStatus: number | null }
  | { kind: 'retry'; httpStatus: number | null; error: string }
  | { kind: 'permanent'; httpStatus: number | null; error: string };

/** Posts a webhook body once; the receiver can drop a repeat by `X-SVOM-Delivery`. */
export async function postWebhook(
  url: string,
  body: string,
  options: { secret: string | null; deliveryId: number; timeoutMs: number },
): Promise<SendResult> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'svom-fsc-notify/0.1',
    'x-svom-delivery': String(options.deliveryId),
  };
  if (options.secret) headers['x-svom-signature'] = signature(body, options.secret);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // The body is not needed, but reading it lets the connection be reused.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { kind: 'ok', httpStatus: response.status };
    const error = `HTTP ${response.status} ${response.statusText}`.trim();
    // 408 and 429 say "later", like a 5xx; other 4xx (and redirects) will not change by retrying.
    if (response.status >= 500 || response.status === 408 || response.status === 429)
      return { kind: 'retry', httpStatus: response.status, error };
    return { kind: 'permanent', httpStatus: response.status, error };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const why =
      e.name === 'TimeoutError'
        ? `no answer in ${options.timeoutMs} ms`
        : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { kind: 'retry', httpStatus: null, error: why };
  }
}
