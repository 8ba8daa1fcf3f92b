import { fscSchemaId } from '../schema-id.js';

/**
 * NATS headers of every notice the alerts service publishes (JSON and VOEvent alike), so a
 * subscriber can route on them without parsing the body. Defined here once for producer and
 * consumers.
 */
export const ALERT_NOTICE_HEADERS = {
  /** `sb` + YYMMDD + rank, e.g. `sb26031401`. */
  burstId: 'Svom-Burst-Id',
  /** The notice name, e.g. `mxt-initial_qf3` (the IVORN suffix). */
  notice: 'Svom-Notice',
  /** `Packet_Type`, e.g. `209`. */
  packetType: 'Svom-Packet-Type',
} as const;

/** The {@link ALERT_NOTICE_HEADERS} of a notice: every message of it carries them. */
export function alertNoticeHeaders(notice: {
  burstId: string;
  name: string;
  packetType: number;
}): Record<string, string> {
  return {
    [ALERT_NOTICE_HEADERS.burstId]: notice.burstId,
    [ALERT_NOTICE_HEADERS.notice]: notice.name,
    [ALERT_NOTICE_HEADERS.packetType]: String(notice.packetType),
  };
}

/**
 * The key of a notice: the Nats-Msg-Id of its JSON message (JetStream de-duplicates on it), and
 * how a consumer knows it again. It is the IVORN, which the real FSC repeats when a name does (a
 * second `mxt-update_qf3`): from the second notice of a name on, `:<Pkt_Ser_Num>` is added.
 */
export function alertNoticeKey(ivorn: string, serialNumber: number): string {
  return serialNumber > 1 ? `${ivorn}:${serialNumber}` : ivorn;
}

/**
 * `svom.alerts.notice.<name>`: one FSC notice as JSON (`@svom/voevent` `svomNoticeToJson`). The
 * body follows the schema its own `$schema` names, the GCN unified schema
 * `gcn/notices/svom/trigger.schema.json` for 201-205 and the FSC schemas
 * `https://fsc.svom.eu/schemas/v1/notices/{mxt,vt,retraction}.schema.json` for the others (in
 * libs/voevent/schemas, checked by `validateNoticeJson`; the same `$id`s as its `FSC_SCHEMA_IDS`,
 * which a test holds them to). What they share, and every consumer
 * reads, is `@svom/voevent`'s `NoticeJsonEnvelope`, read by its `readNoticeJson`.
 */
export const ALERT_NOTICE_SCHEMAS = {
  trigger: 'https://gcn.nasa.gov/schema/main/gcn/notices/svom/trigger.schema.json',
  mxt: fscSchemaId('notices/mxt.schema.json'),
  vt: fscSchemaId('notices/vt.schema.json'),
  retraction: fscSchemaId('notices/retraction.schema.json'),
};

/** The `$id` of `@svom/voevent`'s `NoticeJsonEnvelope`: what every JSON notice has, whichever schema it follows. */
export const ALERT_NOTICE_ENVELOPE_SCHEMA = fscSchemaId('notices/envelope.schema.json');

/** An MXT notice as the alerts service writes it (valid against its `$schema`, checked by a test). */
export const alertNoticeExample: Record<string, unknown> = {
  $schema: ALERT_NOTICE_SCHEMAS.mxt,
  mission: 'SVOM',
  instrument: 'MXT',
  record_number: 1,
  alert_datetime: '2026-03-14T02:13:41.000Z',
  alert_tense: 'current',
  alert_type: 'initial',
  id: ['sb26031401'],
  trigger_time: '2026-03-14T02:10:05.250Z',
  ra: 201.38450145721436,
  dec: -14.045097827911377,
  ra_dec_error: 0.01722,
  mxt_quality: 3,
  image_snr: 14.2,
  mean_flux: 2.1e-11,
  mean_flux_error: 4.0e-12,
  use_VT_attitude: false,
  svom: {
    packet_type: 209,
    notice_name: 'mxt-initial_qf3',
    notice_level: 'N2m',
    ivorn: 'ivo://org.svom/fsc#sb26031401_mxt-initial_qf3',
    citations: [{ ivorn: 'ivo://org.svom/fsc#sb26031401_eclairs-wakeup', cite: 'followup' }],
  },
};

/** `svom.alerts.voevent.<name>`: the same notice as VOEvent 2.0 XML (an abridged example). */
export const alertVoEventExample = `<?xml version="1.0" encoding="UTF-8"?>
<voe:VOEvent xmlns:voe="http://www.ivoa.net/xml/VOEvent/v2.0" role="observation" version="2.0" ivorn="ivo://org.svom/fsc#sb26031401_mxt-initial_qf3">
  <Who><AuthorIVORN>ivo://org.svom/fsc</AuthorIVORN><Date>2026-03-14T02:13:41+00:00</Date></Who>
  <What><Param name="Packet_Type" value="209" ucd="meta.id"/><Param name="Pkt_Ser_Num" value="1" ucd="meta.id"/></What>
</voe:VOEvent>`;
