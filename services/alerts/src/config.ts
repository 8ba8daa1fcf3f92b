import { Type } from 'typebox';
import { BaseConfig, loadConfig } from '@svom/service-kit';
import {
  DEFAULT_AUTHOR_BURST,
  DEFAULT_AUTHOR_RATE_PER_S,
  DEFAULT_FRAME_DEADLINE_MS,
  DEFAULT_MAX_AUTHOR_CONNECTIONS,
  DEFAULT_MAX_AUTHOR_CONNECTIONS_PER_ADDRESS,
  DEFAULT_MAX_EVENT_BYTES,
  DEFAULT_MAX_SUBSCRIBERS,
  DEFAULT_MAX_SUBSCRIBERS_PER_ADDRESS,
} from '@svom/vtp';

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
  VTP_MAX_SUBSCRIBERS: Type.Integer({
    default: DEFAULT_MAX_SUBSCRIBERS,
    minimum: 1,
    description: 'VTP subscribers at once on this instance; more are refused',
  }),
  VTP_MAX_SUBSCRIBERS_PER_ADDRESS: Type.Integer({
    default: DEFAULT_MAX_SUBSCRIBERS_PER_ADDRESS,
    minimum: 1,
    description: 'VTP subscribers from one IP address (or IPv6 /64)',
  }),
  VTP_MAX_AUTHOR_CONNECTIONS: Type.Integer({
    default: DEFAULT_MAX_AUTHOR_CONNECTIONS,
    minimum: 1,
    description: 'VTP author connections at once on this instance',
  }),
  VTP_MAX_AUTHOR_CONNECTIONS_PER_ADDRESS: Type.Integer({
    default: DEFAULT_MAX_AUTHOR_CONNECTIONS_PER_ADDRESS,
    minimum: 1,
    description: 'VTP author connections from one IP address (or IPv6 /64)',
  }),
  VTP_FRAME_DEADLINE_MS: Type.Integer({
    default: DEFAULT_FRAME_DEADLINE_MS,
    minimum: 100,
    description: 'a VTP frame begun by a peer must be complete within this time, or the peer is cut (both ports)',
  }),
  VTP_MAX_EVENT_BYTES: Type.Integer({
    default: DEFAULT_MAX_EVENT_BYTES,
    minimum: 4096,
    description:
      "largest VOEvent taken from an author (bigger: naked); at most NATS' max_payload less 4 KiB, checked at start",
  }),
  VTP_AUTHOR_RATE_PER_S: Type.Number({
    default: DEFAULT_AUTHOR_RATE_PER_S,
    minimum: 0,
    description: 'VOEvents per second per author address, sustained (past it, reading pauses); 0: no limit',
  }),
  VTP_AUTHOR_BURST: Type.Integer({
    default: DEFAULT_AUTHOR_BURST,
    minimum: 1,
    description: 'VOEvents an author address may send at once before VTP_AUTHOR_RATE_PER_S applies',
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
