import type { FastifyInstance } from 'fastify';
import { createApp, type AppOptions } from './create-app.js';
import type { HttpLimits } from './http-limits.js';
import type { JwtAlgorithm } from './identity.js';
import type { OperatorAccess } from './operator-access.js';
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
  logger?: AppOptions['logger'] | { level: string } | undefined;
  /** Who may read `/metrics` and `/docs` (runService: from METRICS_* and DOCS_*). */
  access?: OperatorAccess | undefined;
  /** One success in this many on hot routes logged at info (runService: REQUEST_LOG_SAMPLE). */
  requestLogSample?: number | undefined;
}

/** A service's long-lived parts (consumers, publishers, timers). */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Registers a service's routes. `runtime` is only for handlers (without infrastructure it is
 * absent, and reading it throws); what a route needs when it is registered (a rate limit) comes
 * from `settings`.
 */
export type Route<R, S = unknown> = (scope: FastifyInstance, runtime: R, settings: S) => Promise<void>;

/** What a service says of itself: its name, its OpenAPI title, description and tags, its own limits. */
export type ServiceDescriptor = Pick<
  AppOptions,
  'service' | 'title' | 'description' | 'bodyLimit' | 'securitySchemes' | 'tags'
>;

/**
 * The kit's app options of a service built with `options`: what `createServiceApp` gives
 * `createApp`, and what an app that composes its own parts (the dashboard) gives it too.
 */
export function serviceAppOptions(descriptor: ServiceDescriptor, options: ServiceAppOptions<unknown>): AppOptions {
  return {
    ...descriptor,
    infra: options.infra,
    jwtSecret: options.jwtSecret,
    jwtAlgorithm: options.jwtAlgorithm,
    limits: options.limits,
    ...(options.https ? { https: options.https } : {}),
    logger: (options.logger ?? { level: 'info' }) as AppOptions['logger'],
    access: options.access,
    requestLogSample: options.requestLogSample,
  };
}

/**
 * The shape every service app shares: the kit's skeleton, then the service's runtime (made only
 * when there is infrastructure), its routes given that runtime, and the runtime stopped when the
 * app closes. The runtime is started by the caller (`ServiceModule.start`, or a test).
 */
export async function createServiceApp<S, R extends Stoppable>(
  descriptor: ServiceDescriptor,
  options: ServiceAppOptions<S>,
  parts: { runtime(app: FastifyInstance): R; routes: Array<Route<R, S>>; setup?(app: FastifyInstance): Promise<void> },
): Promise<FastifyInstance & { runtime: R }> {
  const app = await createApp(serviceAppOptions(descriptor, options));
  await parts.setup?.(app);
  // Without infrastructure there is no runtime: what reads it fails at once, saying why,
  // rather than meeting an undefined later.
  const runtime = options.infra ? parts.runtime(app) : absentRuntime<R>(descriptor.service);
  app.decorate('runtime', { getter: () => runtime } as never);
  await app.register(async (scope) => {
    for (const route of parts.routes) await route(scope, runtime, options.settings);
  });
  if (options.infra) app.addHook('onClose', async () => runtime.stop());
  return app as FastifyInstance & { runtime: R };
}

/** A runtime that throws when read: the app was built only to write its OpenAPI document. */
function absentRuntime<R extends object>(service: string): R {
  return new Proxy({} as R, {
    get(_target, key) {
      throw new Error(
        `${service} was built without infrastructure (database, NATS): it has no runtime (read ${String(key)})`,
      );
    },
  });
}
