import { ALERT_NOTICE_HEADERS } from '@svom/contracts';
import { summaryFromJson, type NoticeSummary } from '@svom/voevent';

/**
 * A notice of alerts (`svom.alerts.notice.<name>`) as notify needs it: its key, burst, whether it
 * is a retraction or a drill, and the summary the filters of `svom listen` and VTP look at. Pure:
 * a notice that cannot be read throws a NoticeError, which the consumer makes a dead letter.
 */
export class NoticeError extends Error {
  override name = 'NoticeError';
  readonly code = 'NOTIFY_BAD_NOTICE';
}

export interface Notice {
  /** The IVORN, plus `:<Pkt_Ser_Num>` from the second notice of a name: alerts' Nats-Msg-Id. */
  key: string;
  burstId: string;
  name: string;
  retraction: boolean;
  /** A drill (`alert_tense: "test"`, VOEvent role test). */
  test: boolean;
  summary: NoticeSummary;
  /** The JSON notice as it was on NATS. */
  json: Record<string, unknown>;
}

export interface NoticeEnvelope {
  subject: string;
  headers: (name: string) => string | undefined;
  data: Uint8Array;
}

const BURST_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function readNotice(envelope: NoticeEnvelope): Notice {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(envelope.data));
  } catch (error) {
    throw new NoticeError(`not JSON: ${(error as Error).message}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new NoticeError('a notice is a JSON object');
  const subjectName = envelope.subject.split('.').at(-1);
  const summary = summaryFromJson(json, subjectName);
  const burstId = summary.burstId ?? envelope.headers(ALERT_NOTICE_HEADERS.burstId);
  if (!burstId || !BURST_ID.test(burstId)) throw new NoticeError(`no usable burst id: ${JSON.stringify(burstId)}`);
  const name = summary.type ?? envelope.headers(ALERT_NOTICE_HEADERS.notice) ?? subjectName ?? 'notice';
  const record = json as Record<string, unknown>;
  // The key alerts gives it (Nats-Msg-Id), else the IVORN: a re-published copy is the same notice.
  const key = envelope.headers('Nats-Msg-Id') ?? summary.ivorn;
  if (!key) throw new NoticeError('neither a Nats-Msg-Id nor an IVORN: the notice cannot be delivered once');
  return {
    key,
    burstId,
    name,
    retraction: record['alert_type'] === 'retraction' || name === 'retraction' || summary.packetType === 219,
    test: record['alert_tense'] === 'test',
    summary,
    json: record,
  };
}
