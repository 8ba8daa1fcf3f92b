import { ALERT_NOTICE_HEADERS, alertNoticeKey } from '@svom/contracts';
import { readNoticeJson, type NoticeJsonPosition } from '@svom/voevent/notice-json';

/**
 * Reads a JSON notice from alerts (`svom.alerts.notice.<name>`) into what follow-up needs, through
 * the one notice reader (`readNoticeJson`, libs/voevent), with the NATS headers as fallbacks. Pure: a notice that cannot be read throws a NoticeError, which the
 * consumer turns into a dead letter (it would fail the same way at every delivery).
 */

/** The headers alerts sets on a notice, and JetStream's message id. */
export const NOTICE_HEADERS = { ...ALERT_NOTICE_HEADERS, msgId: 'Nats-Msg-Id' } as const;

const BURST_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class NoticeError extends Error {
  override name = 'NoticeError';
  readonly code = 'FOLLOWUP_BAD_NOTICE';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Null `errorRadiusDeg` when the notice gives none (GRM may not). */
export type NoticePosition = NoticeJsonPosition;

export interface ParsedNotice {
  /** Unique per notice: the IVORN, plus `:<Pkt_Ser_Num>` from the second notice of a name (as alerts' Nats-Msg-Id). */
  key: string;
  ivorn: string;
  burstId: string;
  name: string;
  packetType: number | null;
  instrument: string | null;
  triggerTime: string | null;
  retraction: boolean;
  /** The retraction's reason, when it is one. */
  reason: string | null;
  position: NoticePosition | null;
  payload: Record<string, unknown>;
}

export interface NoticeEnvelope {
  subject: string;
  headers: (name: string) => string | undefined;
  data: Uint8Array;
}

export function readNotice(envelope: NoticeEnvelope): ParsedNotice {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(envelope.data));
  } catch (error) {
    throw new NoticeError(`not JSON: ${(error as Error).message}`);
  }
  const notice = readNoticeJson(json);
  // A time that does not parse leaves the trigger time unknown; anything else wrong is fatal.
  const problem = notice.problems.find((p) => p.path !== '/trigger_time');
  if (problem) throw new NoticeError(problem.message, problem.path || undefined);

  const burstId = notice.burstId ?? envelope.headers(NOTICE_HEADERS.burstId);
  if (!burstId || !BURST_ID.test(burstId))
    throw new NoticeError(
      `no usable burst id (id[0] or ${NOTICE_HEADERS.burstId}): ${JSON.stringify(burstId)}`,
      '/id/0',
    );

  const name = notice.name ?? envelope.headers(NOTICE_HEADERS.notice) ?? envelope.subject.split('.').at(-1)!;
  const serial = notice.serialNumber ?? 1;
  const ivorn = notice.ivorn ?? `ivo://org.svom/fsc#${burstId}_${name}`;
  // From the body, not the headers, so a re-published copy is still the same notice. A notice
  // without our `svom` object has no IVORN of its own: its Nats-Msg-Id is the best key there is.
  const key =
    notice.ivorn || !envelope.headers(NOTICE_HEADERS.msgId)
      ? alertNoticeKey(ivorn, serial)
      : envelope.headers(NOTICE_HEADERS.msgId)!;
  const packetHeader = Number(envelope.headers(NOTICE_HEADERS.packetType));
  const packetType = notice.packetType ?? (Number.isInteger(packetHeader) && packetHeader > 0 ? packetHeader : null);
  const retraction = notice.retraction || name === 'retraction' || packetType === 219;

  return {
    key,
    ivorn,
    burstId,
    name,
    packetType,
    instrument: notice.instrument ?? null,
    triggerTime: notice.triggerTime ?? null,
    retraction,
    reason: retraction ? (notice.reason ?? null) : null,
    position: retraction ? null : (notice.position ?? null),
    payload: notice.json,
  };
}
