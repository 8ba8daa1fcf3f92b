import { currentToken } from './session.js';

export type ServiceName = 'alerts' | 'ingest' | 'followup' | 'scheduler';

/** A failed call, with the problem+json `detail` and `code` when the service gave them. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
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
  let res: Response;
  try {
    // Same origin: the web service proxies /api/<service>/v1/... to that service.
    res = await fetch(`/api/${service}${path}`, { ...init, headers });
  } catch (error) {
    throw new ApiError(0, `the dashboard could not be reached (${(error as Error).message})`);
  }
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    let code: string | undefined;
    try {
      const problem = (await res.json()) as { detail?: string; code?: string; title?: string };
      detail = problem.detail ?? problem.title ?? detail;
      code = problem.code;
    } catch {
      // not problem+json: keep the status line
    }
    throw new ApiError(res.status, detail, code);
  }
  return (await res.json()) as T;
}

export const getJson = <T>(service: ServiceName, path: string) => call<T>(service, path);

export const postJson = <T>(service: ServiceName, path: string, body: unknown) =>
  call<T>(service, path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
