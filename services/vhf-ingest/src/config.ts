import { Type } from 'typebox';
import { BaseConfig, loadConfig } from '@svom/service-kit';

/** The ingest service's settings, read once from the environment. */
export const IngestConfig = {
  ...BaseConfig,
  PORT: Type.Integer({ default: 8441, minimum: 0, maximum: 65535 }),
  INCOMPLETE_AFTER_S: Type.Integer({
    default: 600,
    minimum: 1,
    description:
      'a multi-frame message still incomplete this long after its first frame is recorded incomplete (ICD-VHF 5)',
  }),
  STATION_SILENT_AFTER_S: Type.Integer({
    default: 300,
    minimum: 1,
    description: 'a station heard of nothing this long is reported silent',
  }),
  STATION_REPORT_INTERVAL_S: Type.Integer({
    default: 60,
    minimum: 1,
    description: 'how often each station health event is published',
  }),
  WRITE_CONCURRENCY: Type.Integer({
    default: 4,
    minimum: 1,
    maximum: 64,
    description: 'reception transactions at once; requests arriving meanwhile are written together (group commit)',
  }),
  RECEPTION_REQUESTS_PER_MINUTE: Type.Integer({
    default: 6000,
    minimum: 1,
    description: 'POST /v1/receptions per station and minute (429 beyond)',
  }),
  OUTBOX_RETRY_MS: Type.Integer({
    default: 1000,
    minimum: 50,
    description: 'how often the outbox is drained while NATS is away',
  }),
};

export type IngestConfig = ReturnType<typeof loadIngestConfig>;

export function loadIngestConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(IngestConfig, env);
}
