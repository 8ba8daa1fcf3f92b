/**
 * The one reader of a JSON notice (`svom.alerts.notice.<name>`, `GET /v1/notices/{id}`): what
 * follow-up, the scheduler, `svom listen` and the dashboard take from it. No run-time import
 * but its own folder, so the browser bundle can take it too.
 *
 * It reads what is there and says what is wrong, never throws: a consumer decides whether a
 * problem makes the notice unusable (follow-up and the scheduler dead-letter it, `svom listen`
 * shows what it could read).
 */
import type { NoticeJsonEnvelope, SvomInfoJson } from './notice-json.schema.js';
import { parseUtc } from './utc.js';

/** A fault in the notice: a JSON Pointer (`/ra`, `` for the root) and why. */
export interface NoticeJsonProblem {
  path: string;
  message: string;
}

export interface NoticeJsonPosition {
  raDeg: number;
  decDeg: number;
  /** Null when the notice gives none (GRM), or a negative one (VOEvent's -1 for "unknown"). */
  errorRadiusDeg: number | null;
}

export interface NoticeJsonReading {
  /** The notice as received: an object, else `{}` with a problem at the root. */
  json: Partial<NoticeJsonEnvelope> & Record<string, unknown>;
  /** `$schema`. */
  schema: string | undefined;
  /** `id[0]`. */
  burstId: string | undefined;
  /** `svom.notice_name`: eclairs-wakeup, mxt-initial_qf3, ... */
  name: string | undefined;
  /** `svom.packet_type`. */
  packetType: number | undefined;
  /** `svom.ivorn`. */
  ivorn: string | undefined;
  /** `record_number` (Pkt_Ser_Num). */
  serialNumber: number | undefined;
  instrument: string | undefined;
  alertType: string | undefined;
  /** From the body alone: `alert_type` retraction, notice name retraction or packet type 219. */
  retraction: boolean;
  /** `trigger_time` as ISO 8601 UTC with milliseconds. */
  triggerTime: string | undefined;
  alertDatetime: string | undefined;
  /** `ra`, `dec`, `ra_dec_error`; undefined when the notice has neither or a bad one (then a problem). */
  position: NoticeJsonPosition | undefined;
  /** `image_snr`, `rate_snr` or `snr`. */
  snr: number | undefined;
  /** GCN's `slew_status` (201-205): accepted, rejected, not_requested. */
  slewStatus: string | undefined;
  /** A retraction's reason. */
  reason: string | undefined;
  /** The FSC extras, inline or from `additional_info`; `{}` for a notice without them. */
  svom: Partial<SvomInfoJson>;
  problems: NoticeJsonProblem[];
}

/** Reads a parsed JSON notice. Never throws. */
export function readNoticeJson(value: unknown): NoticeJsonReading {
  const problems: NoticeJsonProblem[] = [];
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject) problems.push({ path: '', message: 'a notice is a JSON object' });
  const json = (isObject ? value : {}) as NoticeJsonReading['json'];
  const svom = svomInfo(json);
  const name = text(svom.notice_name);
  const packetType = finite(svom.packet_type);
  const ids = json.id;
  const triggerMs = typeof json.trigger_time === 'string' ? parseUtc(json.trigger_time) : Number.NaN;
  if (json.trigger_time !== undefined && !Number.isFinite(triggerMs))
    problems.push({ path: '/trigger_time', message: `not an ISO 8601 time: ${JSON.stringify(json.trigger_time)}` });
  return {
    json,
    schema: typeof json.$schema === 'string' ? json.$schema : undefined,
    burstId: Array.isArray(ids) && typeof ids[0] === 'string' ? ids[0] : undefined,
    name,
    packetType,
    ivorn: text(svom.ivorn),
    serialNumber: finite(json.record_number),
    instrument: text(json.instrument),
    alertType: text(json.alert_type),
    retraction: json.alert_type === 'retraction' || name === 'retraction' || packetType === 219,
    triggerTime: Number.isFinite(triggerMs) ? new Date(triggerMs).toISOString() : undefined,
    alertDatetime: text(json.alert_datetime),
    position: position(json, problems),
    snr: finite(json.image_snr) ?? finite(json.rate_snr) ?? finite(json['snr']),
    slewStatus: json.slew_status === undefined ? undefined : String(json.slew_status),
    reason: text(json.reason),
    svom,
    problems,
  };
}

function position(json: NoticeJsonReading['json'], problems: NoticeJsonProblem[]): NoticeJsonPosition | undefined {
  const { ra, dec } = json;
  if (ra === undefined && dec === undefined) return undefined;
  const raOk = typeof ra === 'number' && Number.isFinite(ra) && ra >= 0 && ra < 360;
  const decOk = typeof dec === 'number' && Number.isFinite(dec) && Math.abs(dec) <= 90;
  if (!raOk) problems.push({ path: '/ra', message: `ra out of [0, 360): ${JSON.stringify(ra)}` });
  if (!decOk) problems.push({ path: '/dec', message: `dec out of [-90, 90]: ${JSON.stringify(dec)}` });
  if (!raOk || !decOk) return undefined;
  const error = json.ra_dec_error;
  // GRM writes -1 for an unknown error radius (VOEvent); JSON leaves it out. Both mean "none".
  const errorRadiusDeg = typeof error === 'number' && Number.isFinite(error) && error >= 0 ? error : null;
  return { raDeg: ra, decDeg: dec, errorRadiusDeg };
}

/** The FSC `svom` object: inline (209-219) or as JSON inside `additional_info` (201-205). */
function svomInfo(json: NoticeJsonReading['json']): Partial<SvomInfoJson> {
  if (json.svom && typeof json.svom === 'object') return json.svom;
  if (typeof json.additional_info === 'string') {
    try {
      const parsed = JSON.parse(json.additional_info) as { svom?: Partial<SvomInfoJson> } | null;
      if (parsed?.svom && typeof parsed.svom === 'object') return parsed.svom;
    } catch {
      // additional_info is free text in GCN's schema: not ours, so no extras.
    }
  }
  return {};
}

/** A non-empty string, or a number written as one. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : typeof value === 'number' ? String(value) : undefined;
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
