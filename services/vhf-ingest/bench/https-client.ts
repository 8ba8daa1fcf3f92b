import { Agent, request } from 'node:https';

/** A keep-alive HTTPS client that trusts the service's own certificate. */
export function httpsClient(baseUrl: string, ca: string, maxSockets = 64) {
  const agent = new Agent({ keepAlive: true, maxSockets, ca });
  const url = new URL(baseUrl);
  return {
    /** POSTs JSON; a string body is sent as it is (pre-serialised, so the client costs less CPU). */
    post(path: string, body: unknown, token: string): Promise<{ status: number; body: string }> {
      const data = typeof body === 'string' ? body : JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = request(
          {
            agent,
            hostname: url.hostname,
            port: url.port,
            path,
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(data),
              authorization: `Bearer ${token}`,
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.end(data);
      });
    },
    close: () => agent.destroy(),
  };
}
