import type { Param, VoEvent } from './voevent.model.js';
import { readNoticeJson } from './notice-json/read-notice-json.js';
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

/** A JSON notice (GCN unified form, our FSC forms, or the VOEvent JSON form): what could be read of it. */
export function summaryFromJson(json: unknown, subjectName?: string): NoticeSummary {
  const notice = readNoticeJson(json);
  if (notice.schema === VOEVENT_JSON_SCHEMA_ID) return { ...summaryFromVoEvent(jsonToVoEvent(json)), notice: json };
  return {
    time: notice.triggerTime ?? notice.alertDatetime,
    burstId: notice.burstId,
    type: notice.name ?? subjectName ?? notice.alertType,
    packetType: notice.packetType,
    instrument: notice.instrument,
    raDeg: notice.position?.raDeg,
    decDeg: notice.position?.decDeg,
    errorDeg: notice.position?.errorRadiusDeg ?? undefined,
    snr: notice.snr,
    ivorn: notice.ivorn,
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

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
