import type { ServiceModule } from '@svom/service-kit';
import { alertsService } from '@svom/alerts';
import { followupService } from '@svom/followup';
import { notifyService } from '@svom/notify';
import { schedulerService } from '@svom/scheduler';
import { vhfIngestService } from '@svom/vhf-ingest';
import { webService } from '@svom/web';
import { xmppGatewayService } from '@svom/xmpp-gateway';

/**
 * Every service `svom start` runs, in start order (producers before their consumers). A service
 * joins here when it lands; each still runs alone as `node services/<name>/dist/server.js`.
 */
export const SERVICES: ServiceModule<any>[] = [
  vhfIngestService,
  alertsService,
  followupService,
  schedulerService,
  notifyService,
  webService,
  xmppGatewayService,
];
