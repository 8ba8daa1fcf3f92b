import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { LoggerOptions } from 'pino';
import { authPlugin } from './plugins/auth.plugin.js';
import { healthPlugin } from './plugins/health.plugin.js';
import { infraPlugin, type InfraOptions } from './plugins/infra.plugin.js';
import { metricsPlugin } from './plugins/metrics.plugin.js';
import { problemPlugin } from './plugins/problem.plugin.js';

export interface AppOptions {
  /** Short name (`vhf-ingest`): logs, metrics labels, OpenAPI. */
  service: string;
  title: string;
  description: string;
  version?: string;
  /** Database and NATS, opened by the caller. Omitted only to generate the OpenAPI document. */
  infra?: InfraOptions;
  jwtSecret: string;
  https?: { cert: string; key: string };
  logger?: LoggerOptions | boolean;
  /** Largest request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Write requests per client and minute (routes opt in with `config.rateLimit`). */
  rateLimitPerMinute?: number;
  /** Extra OpenAPI security schemes (a station or facility bearer token). */
  securitySchemes?: Record<string, { type: 'http'; scheme: 'bearer'; description?: string }>;
}

export type App = FastifyInstance & { withTypeProvider(): FastifyInstance };

/**
 * The Fastify skeleton every FSC service shares: request ids, problem+json errors, TypeBox
 * validation and OpenAPI at `/docs`, JWT roles, `/health`, `/ready`, `/metrics`, rate limits.
 * It never listens: `runService` (or a test's `inject`) does.
 */
export async function createApp(options: AppOptions) {
  const fastifyOptions: FastifyServerOptions & { https?: { cert: string; key: string } } = {
    logger: options.logger ?? { level: 'info' },
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false } },
    ...(options.https ? { https: options.https } : {}),
  };
  const app = Fastify(fastifyOptions).withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onSend', async (request, reply) => void reply.header('x-request-id', request.id));

  await app.register(problemPlugin);
  await app.register(helmet, { contentSecurityPolicy: false });
  await app.register(rateLimit, {
    global: false,
    max: options.rateLimitPerMinute ?? 6000,
    timeWindow: '1 minute',
    // request.ip is missing under injectWS (@fastify/websocket's injected socket): fall back to a constant key.
    keyGenerator: (request) => request.ip ?? 'local',
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: options.title, description: options.description, version: options.version ?? '0.1.0' },
      components: {
        securitySchemes: {
          personJwt: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: "a person's JWT with roles (svom user token)",
          },
          ...options.securitySchemes,
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(metricsPlugin, { service: options.service });
  await app.register(healthPlugin, { service: options.service, version: options.version ?? '0.1.0' });
  await app.register(authPlugin, { secret: options.jwtSecret });
  if (options.infra) await app.register(infraPlugin, options.infra);
  return app;
}

export type ServiceApp = Awaited<ReturnType<typeof createApp>>;
