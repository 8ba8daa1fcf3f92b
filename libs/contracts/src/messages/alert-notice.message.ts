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

/**
 * `svom.alerts.notice.<name>`: one FSC notice as JSON (`@svom/voevent` `svomNoticeToJson`). The
 * body follows the schema its own `$schema` names, the GCN unified schema
 * `gcn/notices/svom/trigger.schema.json` for 201-205 and the FSC schemas
 * `https://fsc.svom.eu/schemas/notices/{mxt,vt,retraction}.schema.json` for the others (in
 * libs/voevent/schemas, checked by `validateNoticeJson`). What they share, and every consumer
 * reads, is `@svom/voevent`'s `NoticeJsonEnvelope`, read by its `readNoticeJson`.
 */
export const ALERT_NOTICE_SCHEMAS = {
  trigger: 'https://gcn.nasa.gov/schema/main/gcn/notices/svom/trigger.schema.json',
  mxt: 'https://fsc.svom.eu/schemas/notices/mxt.schema.json',
  vt: 'https://fsc.svom.eu/schemas/notices/vt.schema.json',
  retraction: 'https://fsc.svom.eu/schemas/notices/retraction.schema.json',
} as const;

export const alertNoticeExample: Record<string, unknown> = {
  $schema: 'https://fsc.svom.eu/schemas/notices/mxt.schema.json',
  id: ['sb26031401'],
  record_number: 1,
  alert_type: 'initial',
  ra: 201.38450145721436,
  dec: -14.045097827911377,
  ra_dec_error: 0.01722,
  svom: {
    packet_type: 209,
    notice_name: 'mxt-initial_qf3',
    notice_level: 'N2m',
    ivorn: 'ivo://org.svom/fsc#sb26031401_mxt-initial_qf3',
  },
};

/** `svom.alerts.voevent.<name>`: the same notice as VOEvent 2.0 XML (an abridged example). */
export const alertVoEventExample = `<?xml version="1.0" encoding="UTF-8"?>
<voe:VOEvent xmlns:voe="http://www.ivoa.net/xml/VOEvent/v2.0" role="observation" version="2.0" ivorn="ivo://org.svom/fsc#sb26031401_mxt-initial_qf3">
  <Who><AuthorIVORN>ivo://org.svom/fsc</AuthorIVORN><Date>2026-03-14T02:13:41+00:00</Date></Who>
  <What><Param name="Packet_Type" value="209" ucd="meta.id"/><Param name="Pkt_Ser_Num" value="1" ucd="meta.id"/></What>
</voe:VOEvent>`;
