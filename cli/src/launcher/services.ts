import type { ServiceModule } from '@svom/service-kit';
import { followupService } from '@svom/followup';
import { vhfIngestService } from '@svom/vhf-ingest';

/**
 * Every service `svom start` runs, in start order (producers before their consumers). A service
 * joins here when it lands; each still runs alone as `node services/<name>/dist/server.js`.
 */
export const SERVICES: ServiceModule<any>[] = [vhfIngestService, followupService];
