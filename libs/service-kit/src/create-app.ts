import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { DestinationStream, LoggerOptions } from 'pino';
import { DEFAULT_HTTP_LIMITS, nodeServerLimits, pressureLimits, type HttpLimits } from './http-limits.js';
import type { JwtAlgorithm } from './identity.js';
import { accessGuard, operatorAccessFrom, type OperatorAccess } from './operator-access.js';
import { authPlugin } from './plugins/auth.plugin.js';
import { healthPlugin } from './plugins/health.plugin.js';
import { infraPlugin, type InfraOptions } from './plugins/infra.plugin.js';
import { metricsPlugin } from './plugins/metrics.plugin.js';
import { pressurePlugin } from './plugins/pressure.plugin.js';
import { frameworkProblem, problemPlugin } from './plugins/problem.plugin.js';
import { inputValuesPlugin } from './plugins/input-values.plugin.js';
import { SvomLogController } from './request-log.js';
import { SseClients } from './sse-clients.js';
import { finishDocument } from './openapi-document.js';
import { documentRoute } from './openapi-route.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The service's event streams: `onRequest: app.sseClients.admission()`, then a writer each. */
    sseClients: SseClients;
  }
}

export interface AppOptions {
  /** Short name (`vhf-ingest`): logs, metrics labels, OpenAPI. */
  service: string;
  title: string;
  description: string;
  version?: string;
  /** Database and NATS, opened by the caller. Omitted only to generate the OpenAPI document. */
  infra?: InfraOptions;
  jwtSecret: string;
  /** The only algorithm accepted on people's JWTs (HS256 by default). */
  jwtAlgorithm?: JwtAlgorithm | undefined;
  https?: { cert: string; key: string };
  /** Pino's options; `stream` sends the lines elsewhere than stdout (a test reads them). */
  logger?: (LoggerOptions & { stream?: DestinationStream }) | boolean;
  /**
   * Who may read `/metrics` and `/docs`; by default as the environment's NODE_ENV makes it
   * (everyone in development, loopback in production): {@link operatorAccessFrom}.
   */
  access?: OperatorAccess | undefined;
  /** On `requestLog: 'sampled'` routes, one success in this many is logged at info (default 100; 0 none). */
  requestLogSample?: number | undefined;
  /** Largest request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Timeouts, caps, load shedding and the default rate limit (routes opt in with `config.rateLimit`); defaults: {@link DEFAULT_HTTP_LIMITS}. */
  limits?: Partial<HttpLimits> | undefined;
  /** Extra OpenAPI security schemes (a station or facility bearer token). */
  securitySchemes?: Record<string, { type: 'http'; scheme: 'bearer'; description?: string }>;
  /** OpenAPI tag descriptions, by tag (every tag a route uses is declared; these say what it covers). */
  tags?: Record<string, string>;
  /** OpenAPI `servers`; by default the address the document was fetched from. */
  servers?: Array<{ url: string; description?: string }>;
}

/** Who answers for the FSC's APIs, in every OpenAPI document. */
const API_CONTACT = { name: 'SVOM French Science Center (FSC)', url: 'https://fsc.svom.eu' };
/** No licence is declared in the repository yet: the documents say so rather than invent one. */
const API_LICENSE = { name: 'Proprietary (no licence granted yet)', url: 'https://fsc.svom.eu' };

export type App = FastifyInstance & { withTypeProvider(): FastifyInstance };

/**
 * The Fastify skeleton every FSC service shares: request ids, problem+json errors, TypeBox
 * validation and OpenAPI at `/docs`, JWT roles, `/health`, `/ready`, `/metrics` (the last two
 * restricted by `access`), rate limits, timeouts and caps on connections and event streams,
 * load shedding, request logs sampled on hot routes.
 * It never listens: `runService` (or a test's `inject`) does.
 */
export async function createApp(options: AppOptions) {
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  const access = options.access ?? operatorAccessFrom({});
  const fastifyOptions: FastifyServerOptions & { https?: { cert: string; key: string } } = {
    logger: options.logger ?? { level: 'info' },
    logController: new SvomLogController(options.requestLogSample ?? 100),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    frameworkErrors: frameworkProblem,
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false } },
    // Node checks the request and head deadlines every 30 s by default: a second keeps them exact.
    ...(options.https
      ? { https: { ...options.https, ...nodeServerLimits(limits) } }
      : { http: nodeServerLimits(limits) }),
  };
  const app = Fastify(fastifyOptions).withTypeProvider<TypeBoxTypeProvider>();
  app.server.maxConnections = limits.maxConnections;
  app.addHook('onSend', async (request, reply) => void reply.header('x-request-id', request.id));

  await app.register(problemPlugin);
  await app.register(inputValuesPlugin);
  // First of the hooks, so an overloaded service refuses before checking tokens or reading bodies.
  const pressure = pressureLimits(limits);
  if (pressure.maxEventLoopDelayMs > 0 || pressure.maxHeapUsedMb > 0 || pressure.maxRssMb > 0)
    await app.register(pressurePlugin, pressure);
  await app.register(helmet, { contentSecurityPolicy: false });
  await app.register(rateLimit, {
    global: false,
    max: limits.rateLimitPerMinute,
    timeWindow: '1 minute',
    // request.ip is missing under injectWS (@fastify/websocket's injected socket): fall back to a constant key.
    keyGenerator: (request) => request.ip ?? 'local',
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: options.title,
        description: options.description,
        version: options.version ?? '0.1.0',
        contact: API_CONTACT,
        license: API_LICENSE,
      },
      servers: options.servers ?? [
        { url: '/', description: 'this service, at the address the document was read from' },
      ],
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
    transform: documentRoute as never,
    transformObject: (document) =>
      finishDocument(('openapiObject' in document ? document.openapiObject : {}) as Record<string, unknown>, {
        health: 'Liveness and readiness of the service',
        ...options.tags,
      }) as never,
  });
  // In a scope of its own, so the guard covers every route under /docs (its static files too).
  await app.register(async (scope) => {
    scope.addHook('onRequest', accessGuard(access.docs, '/docs'));
    await scope.register(swaggerUi, { routePrefix: '/docs' });
  });
  await app.register(metricsPlugin, { service: options.service, access: access.metrics });
  await app.register(healthPlugin, { service: options.service, version: options.version ?? '0.1.0' });
  await app.register(authPlugin, { secret: options.jwtSecret, algorithm: options.jwtAlgorithm ?? 'HS256' });
  app.decorate('sseClients', new SseClients(limits, app.metrics));
  if (options.infra) await app.register(infraPlugin, options.infra);
  return app;
}

export type ServiceApp = Awaited<ReturnType<typeof createApp>>;
