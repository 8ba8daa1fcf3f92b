import type { Param, VoEvent } from './voevent.model.js';
import { jsonToVoEvent, VOEVENT_JSON_SCHEMA_ID } from './voevent-json.js';
import { readVoEventXml } from './xml-reader.js';

/**
 * What `svom listen` shows and what notice filters (`svom listen` options, VTP subscriber
 * filters) look at, from any notice: ours (JSON or XML) or anyone's VOEvent.
 */
export interface NoticeSummary {
  /** Trigger time (T0) when known, else the event time, ISO. */
  time?: string | undefined;
  burstId?: string | undefined;
  /** Notice type: the FSC notice name (`eclairs-wakeup`), else the IVORN's kind (`BAT_GRB_Pos`). */
  type?: string | undefined;
  packetType?: number | undefined;
  instrument?: string | undefined;
  raDeg?: number | undefined;
  decDeg?: number | undefined;
  /** Error radius, degrees (undefined when the notice gives none, as GRM). */
  errorDeg?: number | undefined;
  snr?: number | undefined;
  ivorn?: string | undefined;
  /** The notice as received, for --json. */
  notice: unknown;
}

/** A JSON notice (GCN unified form, our FSC forms, or the VOEvent JSON form). */
export function summaryFromJson(json: any, subjectName?: string): NoticeSummary {
  if (json?.$schema === VOEVENT_JSON_SCHEMA_ID) return { ...summaryFromVoEvent(jsonToVoEvent(json)), notice: json };
  // 201-205 follow GCN's schema unchanged, so our extras travel as a JSON string there.
  const extra = parseMaybe(json?.additional_info);
  const svom = json?.svom ?? extra?.svom ?? extra ?? {};
  const snr = json?.image_snr ?? json?.rate_snr ?? json?.snr;
  const error = json?.ra_dec_error;
  return {
    time: json?.trigger_time ?? json?.alert_datetime,
    burstId: Array.isArray(json?.id) ? String(json.id[0]) : undefined,
    type: svom.notice_name ?? subjectName ?? json?.alert_type,
    packetType: numberOrUndefined(svom.packet_type),
    instrument: json?.instrument,
    raDeg: numberOrUndefined(json?.ra),
    decDeg: numberOrUndefined(json?.dec),
    errorDeg: typeof error === 'number' && error >= 0 ? error : undefined,
    snr: numberOrUndefined(snr),
    ivorn: svom.ivorn,
    notice: json,
  };
}

/** A VOEvent as XML: the FSC's or any broker's (Swift, Fermi, ...). */
export function summaryFromVoEventXml(xml: string): NoticeSummary {
  return { ...summaryFromVoEvent(readVoEventXml(xml)), notice: xml };
}

export function summaryFromVoEvent(event: VoEvent): Omit<NoticeSummary, 'notice'> {
  const params = [...(event.what?.params ?? []), ...(event.what?.groups ?? []).flatMap((g) => g.params)];
  const param = (name: string) => params.find((p) => p.name.toLowerCase() === name.toLowerCase())?.value;
  const fragment = event.ivorn.split('#')[1] ?? '';
  const burstId = param('Burst_Id') ?? param('TrigID');
  // FSC IVORNs are <Burst_Id>_<notice name>; others name their kind before the ids and times.
  const type = burstId && fragment.startsWith(`${burstId}_`) ? fragment.slice(burstId.length + 1) : kindOf(fragment);
  const position = event.whereWhen?.position;
  const snrParam = params.find((p: Param) => p.ucd?.toLowerCase() === 'stat.snr' || p.name.toLowerCase() === 'snr');
  return {
    time: param('Alert_Seq_T0') ?? event.whereWhen?.isoTime,
    burstId,
    type: type || undefined,
    packetType: numberOrUndefined(Number(param('Packet_Type'))),
    instrument: param('Instrument') ?? (fragment.split('_')[0] || undefined),
    raDeg: position?.c1,
    decDeg: position?.c2,
    errorDeg: position && position.error2Radius >= 0 ? position.error2Radius : undefined,
    snr: numberOrUndefined(Number(snrParam?.value)),
    ivorn: event.ivorn,
  };
}

function kindOf(fragment: string): string {
  const tokens = fragment.split('_');
  const end = tokens.findIndex((t) => /\d/.test(t));
  return tokens.slice(0, end === -1 ? tokens.length : end).join('_');
}

function parseMaybe(text: unknown): any {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
