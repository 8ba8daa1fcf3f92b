import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  ms: number;
}

/** One HTTPS request, the path sent byte for byte; rejects (a hang) past `timeoutMs`. */
export function call(
  port: number,
  ca: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        ca,
        servername: 'localhost',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ms: Date.now() - started }),
        );
      },
    );
    req.setTimeout(options.timeoutMs ?? 20_000, () =>
      req.destroy(
        new Error(`hang: ${options.method ?? 'GET'} ${path} gave no answer in ${options.timeoutMs ?? 20_000} ms`),
      ),
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** An event stream opened and held: resolves with its status once the head arrives. */
export function holdStream(port: number, ca: string, path: string): Promise<{ status: number; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, ca, servername: 'localhost', headers: { accept: 'text/event-stream' } },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, close: () => req.destroy() });
      },
    );
    req.setTimeout(20_000, () => req.destroy(new Error(`hang: stream ${path} sent no head in 20 s`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Raw bytes over TLS, for what no well-behaved client sends (a head never finished, a body
 * announced and never sent). Resolves with what came back and when, once the server closes the
 * connection or `waitMs` passes.
 */
export function rawTls(
  port: number,
  ca: string,
  bytes: string,
  waitMs: number,
): Promise<{ text: string; firstByteMs: number; closedAfterMs: number | undefined }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket: TLSSocket = tlsConnect({ host: '127.0.0.1', port, ca, servername: 'localhost' });
    let text = '';
    let firstByteMs = Number.POSITIVE_INFINITY;
    let closedAfterMs: number | undefined;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, firstByteMs, closedAfterMs });
    }, waitMs);
    socket.on('secureConnect', () => socket.write(bytes));
    socket.on('data', (c) => {
      firstByteMs = Math.min(firstByteMs, Date.now() - started);
      text += c.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closedAfterMs = Date.now() - started;
      clearTimeout(timer);
      resolve({ text, firstByteMs, closedAfterMs });
    });
  });
}
