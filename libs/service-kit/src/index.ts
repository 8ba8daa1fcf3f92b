export { createApp } from './create-app.js';
export type { AppOptions, ServiceApp } from './create-app.js';
export { loadConfig, BaseConfig, ConfigError } from './config.js';
export { checkProductionSecrets } from './production-secrets.js';
export { loadTls } from './tls.js';
export type { TlsPair } from './tls.js';
export { KitErrors, createError } from './errors.js';
export type { Problem } from './errors.js';
export { sendProblem } from './plugins/problem.plugin.js';
export {
  ROLES,
  PERSON_TOKEN_ISSUER,
  isRoleList,
  resolveJwtSecret,
  mintPersonToken,
  newClientToken,
  hashToken,
} from './identity.js';
export type { Role, PersonClaims, JwtAlgorithm } from './identity.js';
export { DEFAULT_HTTP_LIMITS, httpLimitsFrom, pressureLimits } from './http-limits.js';
export { accessGuard, operatorAccessFrom } from './operator-access.js';
export type { EndpointAccess, OperatorAccess, OperatorAccessSettings } from './operator-access.js';
export { SvomLogController, quietRequestLog } from './request-log.js';
export type { HttpLimits } from './http-limits.js';
export { SseClients, SseWriter, RecentIds } from './sse-clients.js';
export { acceptsEventStream } from './sse-accept.js';
export type { SseMessage, SseWriterOptions } from './sse-clients.js';
export { connectNats } from './nats.js';
export type { NatsHandles } from './nats.js';
export { natsAuthFromEnv, natsConnectAuthOptions, readNatsCredentials, NatsAuthError } from './nats-auth.js';
export type { NatsAuth } from './nats-auth.js';
export { runService, stopOnSignals, exitOnCrash } from './run-service.js';
export type { RunOptions, ServiceContext, ServiceModule } from './run-service.js';
export type { InfraOptions } from './plugins/infra.plugin.js';
// The plugins are exported for services that compose differently; exporting them also carries
// their `declare module 'fastify'` additions (requireRole, metrics, ...) to every importer.
export { authPlugin, authenticates } from './plugins/auth.plugin.js';
export type { JwtPluginOptions } from './plugins/auth.plugin.js';
export { metricsPlugin } from './plugins/metrics.plugin.js';
export { healthPlugin, ReadinessFailure } from './plugins/health.plugin.js';
export { problemPlugin } from './plugins/problem.plugin.js';
export { pressurePlugin } from './plugins/pressure.plugin.js';
export type { PressureLimits } from './plugins/pressure.plugin.js';
export { infraPlugin } from './plugins/infra.plugin.js';
export { countRowsBy, scrapeGauge } from './scrape-gauge.js';
export type { LabelledCounts } from './scrape-gauge.js';
export { OutboxPublisher } from './outbox.publisher.js';
export type { OutboxPublisherOptions } from './outbox.publisher.js';
export type { OutboxMessage, OutboxRow, OutboxTable } from './outbox.table.js';
export { AfterCommitWork } from './after-commit.work.js';
export type { AfterCommitMetrics } from './after-commit.work.js';
export { GroupCommitBatcher } from './group-commit.batcher.js';
export type { GroupCommitOptions } from './group-commit.batcher.js';
export { JetStreamAcks } from './jetstream-acks.js';
export type { AckedPublishOptions } from './jetstream-acks.js';
export { ProblemSchema, problems, Nullable, inline } from './http-schemas.js';
export { encodeCursor, decodeCursor, cursorKey, nextCursor, cursorProblems } from './page-cursor.js';
export type { CursorKey, CursorPart } from './page-cursor.js';
export { eventStream, kitProblem, type OwnProblem, problemWith, problemsWith } from './openapi-route.js';
export { createServiceApp, serviceAppOptions } from './create-service-app.js';
export type { ServiceAppOptions, ServiceDescriptor, Stoppable, Route } from './create-service-app.js';
export { ConsumeLoop } from './consume-loop.js';
export type { ConsumeLoopSteps, ConsumerState } from './consume-loop.js';
export { DurableConsumer, UnusableMessageError } from './durable-consumer.js';
export type { ConsumedMessage, ConsumerDeps, DurableConsumerOptions } from './durable-consumer.js';
export { StreamTail } from './stream-tail.js';
export type { StreamTailOptions } from './stream-tail.js';
export { ConsumerConfig, redeliveryDelayMs } from './consumer.settings.js';
export type { ConsumerSettings } from './consumer.settings.js';
export { insertDeadLetter, listDeadLetters, countDeadLetters } from './dead-letter.table.js';
export type { DeadLetter, DeadLetterTable, NewDeadLetter } from './dead-letter.table.js';
export { deadLettersRoute, DeadLettersPage } from './dead-letters.route.js';
export { RATE_LIMITS, perMinute } from './rate-limits.js';
// Re-exported so that importers' types load @fastify/rate-limit's `config.rateLimit` beside the
// kit's own route config (`requestLog`, `neverShed`).
export type { RateLimitOptions } from '@fastify/rate-limit';
