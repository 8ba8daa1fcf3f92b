import { Type } from 'typebox';
import { BaseConfig, loadConfig } from '@svom/service-kit';

/** The notify service's settings, read once from the environment. */
export const NotifyConfig = {
  ...BaseConfig,
  PORT: Type.Integer({ default: 8446, minimum: 0, maximum: 65535 }),
  PUBLIC_URL: Type.String({
    default: 'https://localhost:8446',
    description: 'how people reach this service: the base of confirmation and unsubscribe links',
  }),
  SMTP_URL: Type.Optional(
    Type.String({
      description: 'smtp://user:pass@host:port (smtps:// for TLS); unset: mails are written to MAIL_DIR as .eml',
    }),
  ),
  MAIL_DIR: Type.Optional(Type.String({ description: 'where mails go without SMTP_URL (default <DATA_DIR>/mail)' })),
  MAIL_FROM: Type.String({ default: 'SVOM FSC alerts <alerts@fsc.svom.eu>' }),
  WEBHOOK_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100, description: 'a webhook slower than this failed' }),
  RETRY_BASE_MS: Type.Integer({
    default: 5_000,
    minimum: 10,
    description: 'first retry delay of a webhook answering 5xx or timing out; doubled each attempt',
  }),
  RETRY_MAX_DELAY_MS: Type.Integer({ default: 3_600_000, minimum: 10, description: 'cap of the retry delay' }),
  RETRY_FOR_S: Type.Integer({
    default: 86_400,
    minimum: 1,
    description: 'a delivery is retried this long; a subscription failing this long is paused',
  }),
  COLLAPSE_S: Type.Integer({
    default: 60,
    minimum: 0,
    description: 'human channels (email, slack) get one message per burst per this many seconds',
  }),
  DELIVERY_POLL_MS: Type.Integer({ default: 500, minimum: 10, description: 'how often due deliveries are looked for' }),
  DELIVERY_CONCURRENCY: Type.Integer({ default: 32, minimum: 1, description: 'deliveries sent at once' }),
  WINDOW_SPAN_H: Type.Number({
    default: 24,
    exclusiveMinimum: 0,
    maximum: 72,
    description: 'how far ahead the next visibility window from a site is searched',
  }),
  ALARM_POLL_MS: Type.Integer({ default: 10_000, minimum: 50, description: 'how often the watchdog looks' }),
  ALARM_LAG_S: Type.Integer({ default: 60, minimum: 1, description: 'a consumer behind by more than this alarms' }),
  ALARM_NOT_READY_S: Type.Integer({ default: 60, minimum: 1, description: 'a service not ready this long alarms' }),
  ALARM_OUTBOX_S: Type.Integer({ default: 60, minimum: 1, description: 'an outbox row older than this alarms' }),
  WEBHOOK_ALLOW_PRIVATE: Type.Optional(
    Type.Boolean({
      description:
        'webhooks may target loopback, private (RFC 1918, fc00::/7), link-local, CGNAT... addresses; unset: true, false when NODE_ENV=production',
    }),
  ),
  WEBHOOK_ALLOWED_CIDRS: Type.String({
    default: '',
    description:
      'CIDRs (comma-separated) webhooks may target even when private targets are refused: 10.20.0.0/16,fd00:1::/64',
  }),
  WEBHOOK_HTTPS_ONLY: Type.Boolean({ default: false, description: 'refuse http:// webhook URLs' }),
  WATCH_READY_URLS: Type.String({
    default: '',
    description: 'name=url pairs, comma-separated, of the /ready endpoints the watchdog polls',
  }),
};

export type NotifyConfig = ReturnType<typeof loadNotifyConfig>;

export function loadNotifyConfig(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(NotifyConfig, env);
  // Private webhook targets: allowed on a development machine (receivers on 127.0.0.1), refused
  // in production unless said otherwise.
  return Object.freeze({
    ...config,
    WEBHOOK_ALLOW_PRIVATE: config.WEBHOOK_ALLOW_PRIVATE ?? env.NODE_ENV !== 'production',
  });
}
