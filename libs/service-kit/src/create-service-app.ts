import type { FastifyInstance } from 'fastify';
import { createApp, type AppOptions } from './create-app.js';
import type { HttpLimits } from './http-limits.js';
import type { JwtAlgorithm } from './identity.js';
import type { InfraOptions } from './plugins/infra.plugin.js';

/** What every service's `build<Name>App` takes. */
export interface ServiceAppOptions<S> {
  /** Database and NATS; without them the app is built only to write its OpenAPI document. */
  infra?: InfraOptions | undefined;
  jwtSecret: string;
  jwtAlgorithm?: JwtAlgorithm | undefined;
  settings: S;
  limits?: Partial<HttpLimits> | undefined;
  https?: { cert: string; key: string } | undefined;
  logger?: { level: string } | boolean | undefined;
}

/** A service's long-lived parts (consumers, publishers, timers). */
export interface Stoppable {
  stop(): Promise<void>;
}

export type Route<R> = (scope: FastifyInstance, runtime: R) => Promise<void>;

/**
 * The shape every service app shares: the kit's skeleton, then the service's runtime (made only
 * when there is infrastructure), its routes given that runtime, and the runtime stopped when the
 * app closes. The runtime is started by the caller (`ServiceModule.start`, or a test).
 */
export async function createServiceApp<S, R extends Stoppable>(
  descriptor: Pick<AppOptions, 'service' | 'title' | 'description' | 'bodyLimit' | 'securitySchemes'>,
  options: ServiceAppOptions<S>,
  parts: { runtime(app: FastifyInstance): R; routes: Array<Route<R>>; setup?(app: FastifyInstance): Promise<void> },
): Promise<FastifyInstance & { runtime: R }> {
  const app = await createApp({
    ...descriptor,
    infra: options.infra,
    jwtSecret: options.jwtSecret,
    jwtAlgorithm: options.jwtAlgorithm,
    limits: options.limits,
    ...(options.https ? { https: options.https } : {}),
    logger: options.logger ?? { level: 'info' },
  });
  await parts.setup?.(app);
  // Routes read the runtime in their handlers only: without infrastructure it does not exist.
  const runtime = options.infra ? parts.runtime(app) : (undefined as unknown as R);
  app.decorate('runtime', runtime as never);
  await app.register(async (scope) => {
    for (const route of parts.routes) await route(scope, runtime);
  });
  app.addHook('onClose', async () => runtime?.stop());
  return app as FastifyInstance & { runtime: R };
}
