import type { TSchema } from 'typebox';
import { StationHealthMessage, stationHealthExample } from './messages/station-health.message.js';
import { VhfPacketMessage, vhfPacketExample } from './messages/vhf-packet.message.js';
import { FollowupRequestMessage, followupRequestExample } from './messages/followup-request.message.js';
import { FollowupReportMessage, followupReportExample } from './messages/followup-report.message.js';

/** One entry per subject pattern: the documentation (docs/messaging.md) is generated from this list. */
export interface MessageContract {
  subject: string;
  stream: string;
  publisher: string;
  description: string;
  contentType: 'application/json' | 'application/xml';
  schema?: TSchema;
  example: unknown;
  msgId: string;
}

export const messageCatalog: MessageContract[] = [
  {
    subject: 'svom.vhf.packet.<source>.<message>',
    stream: 'VHF',
    publisher: 'vhf-ingest',
    description: 'Each unique decoded packet, and each completed multi-frame message, exactly once.',
    contentType: 'application/json',
    schema: VhfPacketMessage,
    example: vhfPacketExample,
    msgId: 'the packet key (or message key)',
  },
  {
    subject: 'svom.vhf.station.<stationId>',
    stream: 'VHF',
    publisher: 'vhf-ingest',
    description: "A station's health, every minute and as soon as it has been silent for 5 minutes.",
    contentType: 'application/json',
    schema: StationHealthMessage,
    example: stationHealthExample,
    msgId: '<stationId>-<minute>',
  },
  {
    subject: 'svom.followup.request.<facility>',
    stream: 'FOLLOWUP',
    publisher: 'followup',
    description: 'An observation request for one facility: made, moved to a better position, or moved along its lifecycle.',
    contentType: 'application/json',
    schema: FollowupRequestMessage,
    example: followupRequestExample,
    msgId: '<requestId>-v<version>',
  },
  {
    subject: 'svom.followup.report.<facility>',
    stream: 'FOLLOWUP',
    publisher: 'followup',
    description: "A facility's report on a burst: observations, afterglow candidates matched against the error region, redshifts.",
    contentType: 'application/json',
    schema: FollowupReportMessage,
    example: followupReportExample,
    msgId: 'the report id',
  },
];
