import type { TSchema } from 'typebox';
import { StationHealthMessage, stationHealthExample } from './messages/station-health.message.js';
import {
  VHF_PACKET_VARIANTS,
  VhfPacketHeader,
  VhfPacketMessage,
  vhfPacketExample,
} from './messages/vhf-packet.message.js';
import { FollowupRequestMessage, followupRequestExample } from './messages/followup-request.message.js';
import { FollowupReportMessage, followupReportExample } from './messages/followup-report.message.js';

import {
  ALERT_NOTICE_HEADERS,
  ALERT_NOTICE_SCHEMAS,
  alertNoticeExample,
  alertVoEventExample,
} from './messages/alert-notice.message.js';
import { AlertBurstMessage, alertBurstExample } from './messages/alert-burst.message.js';
import { AlertHeartbeatMessage, alertHeartbeatExample } from './messages/alert-heartbeat.message.js';
import { PlanPublishedMessage, planPublishedExample } from './messages/plan-published.message.js';
import { PlanInterruptedMessage, planInterruptedExample } from './messages/plan-interrupted.message.js';
/**
 * One entry per subject pattern: the documentation (docs/messaging.md, docs/asyncapi.json) is
 * generated from this list.
 */
export interface MessageContract {
  /** The message's name in the AsyncAPI document (its channel, message and operation). */
  name: string;
  /** With `<token>` for each variable token; every token is described in `parameters`. */
  subject: string;
  parameters?: Readonly<Record<string, string>>;
  stream: string;
  publisher: string;
  description: string;
  contentType: 'application/json' | 'application/xml';
  schema?: TSchema;
  /**
   * For a union: what every variant shares, and each variant by name. The documentation shows
   * these rather than the union, which says the same at many times the length.
   */
  variants?: { envelope: TSchema; byName: Readonly<Record<string, TSchema>> };
  example: unknown;
  msgId: string;
  /** NATS headers besides `Nats-Msg-Id`, by name: what each says. */
  headers?: Readonly<Record<string, string>>;
  /** How the PUBLIC account (outside subscribers, docs/subscribe.md) receives it; absent: it does not. */
  subscribers?: string;
}

/** The headers alerts sets on each notice, JSON and VOEvent alike. */
const NOTICE_HEADERS = {
  [ALERT_NOTICE_HEADERS.burstId]: 'the burst id, `sb` + YYMMDD + rank (sb26031401)',
  [ALERT_NOTICE_HEADERS.notice]: 'the notice name, the IVORN suffix (mxt-initial_qf3)',
  [ALERT_NOTICE_HEADERS.packetType]: 'the VOEvent Packet_Type (209)',
};

export const messageCatalog: MessageContract[] = [
  {
    name: 'vhfPacket',
    subject: 'svom.vhf.packet.<source>.<message>',
    parameters: {
      source: 'the instrument or platform that made the packet (ICD-VHF)',
      message: 'the ICD-VHF message of that source; `light-curve-frame` for one frame of a multi-frame light curve',
    },
    stream: 'VHF',
    publisher: 'vhf-ingest',
    description: 'Each unique decoded packet, and each completed multi-frame message, exactly once.',
    contentType: 'application/json',
    schema: VhfPacketMessage,
    variants: { envelope: VhfPacketHeader, byName: VHF_PACKET_VARIANTS },
    example: vhfPacketExample,
    msgId: 'the packet key (or message key)',
  },
  {
    name: 'stationHealth',
    subject: 'svom.vhf.station.<stationId>',
    parameters: { stationId: 'the VHF ground station (NCL1)' },
    stream: 'VHF',
    publisher: 'vhf-ingest',
    description: "A station's health, every minute and as soon as it has been silent for 5 minutes.",
    contentType: 'application/json',
    schema: StationHealthMessage,
    example: stationHealthExample,
    msgId: '<stationId>-<minute>',
  },
  {
    name: 'followupRequest',
    subject: 'svom.followup.request.<facility>',
    parameters: { facility: 'the follow-up facility id (GWAC, COLIBRI)' },
    stream: 'FOLLOWUP',
    publisher: 'followup',
    description:
      'An observation request for one facility: made, moved to a better position, or moved along its lifecycle.',
    contentType: 'application/json',
    schema: FollowupRequestMessage,
    example: followupRequestExample,
    msgId: '<requestId>-v<version>',
  },
  {
    name: 'followupReport',
    subject: 'svom.followup.report.<facility>',
    parameters: { facility: 'the follow-up facility id (GWAC, COLIBRI)' },
    stream: 'FOLLOWUP',
    publisher: 'followup',
    description:
      "A facility's report on a burst: observations, afterglow candidates matched against the error region, redshifts.",
    contentType: 'application/json',
    schema: FollowupReportMessage,
    example: followupReportExample,
    msgId: 'the report id',
  },
  {
    name: 'alertNotice',
    subject: 'svom.alerts.notice.<name>',
    parameters: { name: 'the notice name, the IVORN suffix (mxt-initial_qf3)' },
    stream: 'ALERTS',
    publisher: 'alerts',
    description: `Each FSC notice as JSON, exactly once; the body follows the schema its $schema names: ${Object.values(ALERT_NOTICE_SCHEMAS).join(', ')}. Headers Svom-Burst-Id, Svom-Notice, Svom-Packet-Type.`,
    contentType: 'application/json',
    example: alertNoticeExample,
    msgId: 'the notice IVORN (`:<Pkt_Ser_Num>` appended from the second notice of one name)',
    headers: NOTICE_HEADERS,
    subscribers: 'live, and replayed from the NOTICES stream (JetStream API prefix `fsc.js.API`)',
  },
  {
    name: 'alertVoEvent',
    subject: 'svom.alerts.voevent.<name>',
    parameters: { name: 'the notice name (mxt-initial_qf3), or `external` for a VOEvent of an authorised VTP author' },
    stream: 'ALERTS',
    publisher: 'alerts',
    description:
      'Each FSC notice as VOEvent 2.0 XML (same headers), and VOEvents accepted from authorised VTP authors under the name `external`.',
    contentType: 'application/xml',
    example: alertVoEventExample,
    msgId: "xml:<notice msgId>, or vtp:<sha256 of the VOEvent> for an author's",
    headers: NOTICE_HEADERS,
  },
  {
    name: 'alertBurst',
    subject: 'svom.alerts.burst.<burstId>',
    parameters: { burstId: 'the burst id, `sb` + YYMMDD + rank (sb26031401)' },
    stream: 'ALERTS',
    publisher: 'alerts',
    description: "A burst's state after each change: packets applied, notices, light curve, Burst Advocate actions.",
    contentType: 'application/json',
    schema: AlertBurstMessage,
    example: alertBurstExample,
    msgId: '<burstId>:<version>',
  },
  {
    name: 'alertHeartbeat',
    subject: 'svom.alerts.heartbeat',
    stream: '— (core NATS, not kept)',
    publisher: 'alerts',
    description:
      'Every second from each alerts instance (core NATS publish), so subscribers know the notice stream is alive.',
    contentType: 'application/json',
    schema: AlertHeartbeatMessage,
    example: alertHeartbeatExample,
    msgId: 'none',
    subscribers: 'live only (core NATS, not kept)',
  },
  {
    name: 'planPublished',
    subject: 'svom.plan.published',
    stream: 'PLAN',
    publisher: 'scheduler',
    description:
      'Each new plan (POST /v1/plans, or the replanned rest after an interruption): its timeline and unplanned requests.',
    contentType: 'application/json',
    schema: PlanPublishedMessage,
    example: planPublishedExample,
    msgId: 'plan-<planId>',
  },
  {
    name: 'planInterrupted',
    subject: 'svom.plan.interrupted',
    stream: 'PLAN',
    publisher: 'scheduler',
    description:
      'A slewing notice interrupted the running plan: the core-program span removed, and the id of the replanned rest.',
    contentType: 'application/json',
    schema: PlanInterruptedMessage,
    example: planInterruptedExample,
    msgId: 'interrupted-<burstId>',
  },
];
