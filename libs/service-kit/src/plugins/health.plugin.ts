import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';

export type ReadinessCheck = () => Promise<void>;

/**
 * A readiness check's failure whose `state` is safe to show on `/ready` (a consumer `stopped` or
 * `not consuming`): a word about the service itself, never an address or a driver's message.
 */
export class ReadinessFailure extends Error {
  override name = 'ReadinessFailure';
  constructor(readonly state: string) {
    super(state);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Adds a dependency that `/ready` checks (the db and nats plugins add theirs). */
    addReadinessCheck(name: string, check: ReadinessCheck): void;
  }
}

const checkResult = (example: { status: string; checks: Record<string, string> }) =>
  Type.Object(
    { status: Type.String(), checks: Type.Record(Type.String(), Type.String()) },
    { description: 'ready or not ready, and each dependency: ok, unreachable, no answer in time', examples: [example] },
  );
const Ready = checkResult({ status: 'ready', checks: { postgres: 'ok', nats: 'ok' } });
const NotReady = checkResult({ status: 'not ready', checks: { postgres: 'ok', nats: 'unreachable' } });

/** Probes answer while the service sheds load, and their successes are sampled in the logs. */
const probeConfig = { neverShed: true, requestLog: 'sampled' } as const;

/** `/health`: the process answers. `/ready`: every dependency answers too (503 otherwise). */
export const healthPlugin = fp(
  async (app: FastifyInstance, options: { service: string; version: string }) => {
    const checks = new Map<string, ReadinessCheck>();
    app.decorate('addReadinessCheck', (name: string, check: ReadinessCheck) => void checks.set(name, check));
    app.get(
      '/health',
      {
        config: probeConfig,
        schema: {
          tags: ['health'],
          summary: 'The process is alive',
          response: {
            200: Type.Object(
              { status: Type.String(), service: Type.String(), version: Type.String() },
              { examples: [{ status: 'ok', service: options.service, version: options.version }] },
            ),
          },
        },
      },
      async () => ({
        status: 'ok',
        service: options.service,
        version: options.version,
      }),
    );
    app.get(
      '/ready',
      {
        config: probeConfig,
        schema: {
          tags: ['health'],
          summary: 'PostgreSQL and NATS are reachable',
          response: { 200: Ready, 503: NotReady },
        },
      },
      async (request, reply) => {
        const results: Record<string, string> = {};
        let ok = true;
        await Promise.all(
          [...checks].map(async ([name, check]) => {
            try {
              await withTimeout(check(), 2000);
              results[name] = 'ok';
            } catch (error) {
              ok = false;
              // Which dependency, not why: addresses and driver messages stay in the log.
              results[name] =
                error instanceof ReadinessFailure
                  ? error.state
                  : error instanceof ReadinessTimeout
                    ? 'no answer in time'
                    : 'unreachable';
              request.log.warn({ err: error, dependency: name }, 'readiness check failed');
            }
          }),
        );
        return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', checks: results });
      },
    );
  },
  { name: 'svom-health' },
);

class ReadinessTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ReadinessTimeout(`no answer in ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
