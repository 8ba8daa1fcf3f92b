import { fetchWithRetry, READ_RETRY_WAITS_MS } from './read-retry.js';
import { currentToken } from './session.js';
import type { Problem } from './types.js';

export type ServiceName = 'alerts' | 'ingest' | 'followup' | 'scheduler' | 'notify';

/**
 * A failed call, with the problem+json `detail` and `code` when the service gave them, and the
 * failing `field` of the request (a JSON pointer: `/body/channel/url`) when it named one.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function call<T>(service: ServiceName, path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  const token = currentToken();
  if (token) headers.set('authorization', `Bearer ${token}`);
  // Same origin: the web service proxies /api/<service>/v1/... to that service. A read is asked
  // again after no answer or a transient one (a service restarting behind the proxy); a write is
  // not, since it may have been done.
  const waitsMs = (init.method ?? 'GET') === 'GET' ? READ_RETRY_WAITS_MS : [];
  let res: Response;
  try {
    res = await fetchWithRetry(() => fetch(`/api/${service}${path}`, { ...init, headers }), waitsMs);
  } catch (error) {
    throw new ApiError(0, `the dashboard could not be reached (${(error as Error).message})`);
  }
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    let code: string | undefined;
    let field: string | undefined;
    try {
      const problem = (await res.json()) as Partial<Problem>;
      detail = problem.detail ?? problem.title ?? detail;
      code = problem.code;
      field = problem.field;
    } catch {
      // not problem+json: keep the status line
    }
    throw new ApiError(res.status, detail, code, field);
  }
  // 204 No Content (a DELETE): nothing to read.
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export const getJson = <T>(service: ServiceName, path: string) => call<T>(service, path);

const sendJson =
  (method: 'POST' | 'PATCH') =>
  <T>(service: ServiceName, path: string, body: unknown) =>
    call<T>(service, path, {
      method,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

export const postJson = sendJson('POST');

/** A change in place: what the body names replaces what the resource has. */
export const patchJson = sendJson('PATCH');

/** A POST that carries nothing (pause, resume, test): no body, so no content type either. */
export const postEmpty = <T>(service: ServiceName, path: string) => call<T>(service, path, { method: 'POST' });

export const deleteAt = (service: ServiceName, path: string) => call<void>(service, path, { method: 'DELETE' });
