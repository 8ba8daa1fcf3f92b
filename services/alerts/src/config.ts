import { Type } from 'typebox';
import { BaseConfig, loadConfig } from '@svom/service-kit';

/** The alerts service's settings, read once from the environment. */
export const AlertsConfig = {
  ...BaseConfig,
  PORT: Type.Integer({ default: 8442, minimum: 0, maximum: 65535 }),
  VTP_HOST: Type.String({
    default: '0.0.0.0',
    description: 'interface of both VTP ports (the allowlists decide who gets in)',
  }),
  VTP_SUBSCRIBER_PORT: Type.Integer({
    default: 8099,
    minimum: 0,
    maximum: 65535,
    description: 'VTP broker port for subscribers',
  }),
  VTP_AUTHOR_PORT: Type.Integer({
    default: 8098,
    minimum: 0,
    maximum: 65535,
    description: 'VTP receiver port for authorised authors',
  }),
  VTP_SUBSCRIBERS: Type.String({
    default: '',
    description: 'comma-separated IPs/CIDRs allowed to subscribe; empty: loopback only',
  }),
  VTP_AUTHORS: Type.String({
    default: '',
    description: 'comma-separated IPs/CIDRs allowed to submit VOEvents; empty: loopback only',
  }),
  VTP_IVORN: Type.String({ default: 'ivo://org.svom/fsc/vtp', description: 'our IVOID in Transport messages' }),
  VTP_FILTERS_FILE: Type.String({
    default: '',
    description:
      'JSON file of per-subscriber VTP filters (services/alerts/README.md, "VTP subscriber filters"); empty: every subscriber gets every event',
  }),
  VTP_IAMALIVE_S: Type.Integer({
    default: 60,
    minimum: 1,
    maximum: 90,
    description: 'iamalive to a subscriber silent this long (VTP: at most 90 s)',
  }),
  CONSUMER_MAX_DELIVER: Type.Integer({
    default: 20,
    minimum: 2,
    description: 'deliveries of one packet before it is dead-lettered',
  }),
  HEARTBEAT_MS: Type.Integer({ default: 1000, minimum: 100, description: 'period of svom.alerts.heartbeat' }),
  PENDING_EXPIRY_H: Type.Integer({
    default: 24,
    minimum: 1,
    description: 'a packet still waiting for its ECLAIRs alert this long is dead-lettered (NO_ECLAIRS_ALERT)',
  }),
  OUTBOX_RETRY_MS: Type.Integer({
    default: 1000,
    minimum: 50,
    description: 'how often notices JetStream did not acknowledge are offered again',
  }),
};

export type AlertsConfig = ReturnType<typeof loadAlertsConfig>;

export function loadAlertsConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(AlertsConfig, env);
}

/** `a, b,c` → `['a', 'b', 'c']`; empty → `[]` (the VTP lists' "loopback only"). */
export function listSetting(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
