import { ALERT_NOTICE_HEADERS } from '@svom/contracts';

/**
 * Reads a JSON notice from alerts (`svom.alerts.notice.<name>`) into what follow-up needs. The
 * notices follow GCN's `svom/trigger.schema.json` (201-205: our extras as a JSON string in
 * `additional_info`) or the FSC schemas (209-211, 219: extras under `svom`); see
 * libs/voevent/README.md. Pure: a notice that cannot be read throws a NoticeError, which the
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

export interface NoticePosition {
  raDeg: number;
  decDeg: number;
  /** Null when the notice gives none (GRM may not). */
  errorRadiusDeg: number | null;
}

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
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new NoticeError('a notice is a JSON object');
  const payload = json as Record<string, unknown>;
  const svom = svomInfo(payload);

  const ids = payload['id'];
  const burstId =
    (Array.isArray(ids) && typeof ids[0] === 'string' ? ids[0] : undefined) ?? envelope.headers(NOTICE_HEADERS.burstId);
  if (!burstId || !BURST_ID.test(burstId))
    throw new NoticeError(
      `no usable burst id (id[0] or ${NOTICE_HEADERS.burstId}): ${JSON.stringify(burstId)}`,
      '/id/0',
    );

  const name =
    str(svom['notice_name']) ?? envelope.headers(NOTICE_HEADERS.notice) ?? envelope.subject.split('.').at(-1)!;
  const serial = typeof payload['record_number'] === 'number' ? payload['record_number'] : 1;
  const fscIvorn = str(svom['ivorn']);
  const ivorn = fscIvorn ?? `ivo://org.svom/fsc#${burstId}_${name}`;
  // From the body, not the headers, so a re-published copy is still the same notice. A notice
  // without our `svom` object has no IVORN of its own: its Nats-Msg-Id is the best key there is.
  const key =
    fscIvorn || !envelope.headers(NOTICE_HEADERS.msgId)
      ? serial > 1
        ? `${ivorn}:${serial}`
        : ivorn
      : envelope.headers(NOTICE_HEADERS.msgId)!;
  const packetHeader = Number(envelope.headers(NOTICE_HEADERS.packetType));
  const packetType =
    typeof svom['packet_type'] === 'number'
      ? (svom['packet_type'] as number)
      : Number.isInteger(packetHeader) && packetHeader > 0
        ? packetHeader
        : null;
  const retraction = payload['alert_type'] === 'retraction' || name === 'retraction' || packetType === 219;

  return {
    key,
    ivorn,
    burstId,
    name,
    packetType,
    instrument: str(payload['instrument']) ?? null,
    triggerTime: isoOrNull(payload['trigger_time']),
    retraction,
    reason: retraction ? (str(payload['reason']) ?? null) : null,
    position: retraction ? null : readPosition(payload),
    payload,
  };
}

function readPosition(payload: Record<string, unknown>): NoticePosition | null {
  const ra = payload['ra'];
  const dec = payload['dec'];
  if (ra === undefined && dec === undefined) return null;
  if (typeof ra !== 'number' || !Number.isFinite(ra) || ra < 0 || ra >= 360)
    throw new NoticeError(`ra out of [0, 360): ${JSON.stringify(ra)}`, '/ra');
  if (typeof dec !== 'number' || !Number.isFinite(dec) || Math.abs(dec) > 90)
    throw new NoticeError(`dec out of [-90, 90]: ${JSON.stringify(dec)}`, '/dec');
  const error = payload['ra_dec_error'];
  // GRM writes -1 for an unknown error radius (VOEvent); JSON leaves it out. Both mean "none".
  const errorRadiusDeg = typeof error === 'number' && Number.isFinite(error) && error >= 0 ? error : null;
  return { raDeg: ra, decDeg: dec, errorRadiusDeg };
}

/** The FSC `svom` object: inline (209-219) or as JSON inside `additional_info` (201-205). */
function svomInfo(payload: Record<string, unknown>): Record<string, unknown> {
  if (payload['svom'] && typeof payload['svom'] === 'object') return payload['svom'] as Record<string, unknown>;
  const extra = payload['additional_info'];
  if (typeof extra === 'string') {
    try {
      const parsed = JSON.parse(extra) as { svom?: Record<string, unknown> };
      if (parsed?.svom && typeof parsed.svom === 'object') return parsed.svom;
    } catch {
      // additional_info is free text in GCN's schema: not ours, so no extras.
    }
  }
  return {};
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;

/** GCN examples write times without a zone (`2024-02-22T08:51:31.320000`): those are UTC. */
function isoOrNull(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`;
  const date = new Date(withZone);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
