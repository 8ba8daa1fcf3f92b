import { Type } from 'typebox';
import { BaseConfig, loadConfig } from '@svom/service-kit';

const upstream = (port: number, what: string) =>
  Type.String({
    default: `https://127.0.0.1:${port}`,
    pattern: '^https?://',
    description: `base URL of ${what}, reached through /api/`,
  });

/** The web dashboard's settings, read once from the environment. */
export const WebConfig = {
  ...BaseConfig,
  PORT: Type.Integer({ default: 8440, minimum: 0, maximum: 65535 }),
  ALERTS_URL: upstream(8442, 'the alerts service'),
  INGEST_URL: upstream(8441, 'the VHF ingest service'),
  FOLLOWUP_URL: upstream(8443, 'the follow-up service'),
  SCHEDULER_URL: upstream(8444, 'the scheduler service'),
  NOTIFY_URL: upstream(8446, 'the notify service (subscriptions, operator alarms)'),
  UPSTREAM_CA: Type.Optional(
    Type.String({
      description:
        "PEM file of the CA that signed the other services' certificates; by default this service's own certificate (one self-signed pair for all on localhost)",
    }),
  ),
  UPSTREAM_TIMEOUT_MS: Type.Integer({
    default: 10_000,
    minimum: 100,
    description: 'an upstream answering nothing this long gets a 504 (streams excepted)',
  }),
};

export type WebConfig = ReturnType<typeof loadWebConfig>;

export function loadWebConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(WebConfig, env);
}
