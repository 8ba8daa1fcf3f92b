import type {
  EclairsNotice,
  GrmTriggerNotice,
  MxtNotice,
  SvomMeasuredBase,
  SvomNotice,
  VtNotice,
} from './svom-notice.model.js';
import { assertConsistent, mxtQualityOfName, SVOM_NOTICE_TYPES, svomIvorn } from './svom-vocabulary.js';
import { epochMs } from './svom-format.js';

/** `$id` of the GCN unified schema of SVOM triggers (201-205). */
export const GCN_SVOM_TRIGGER_SCHEMA_ID = 'https://gcn.nasa.gov/schema/main/gcn/notices/svom/trigger.schema.json';
/** `$id`s of the FSC's own notice schemas (`schemas/fsc/`). */
export const FSC_SCHEMA_IDS = {
  mxt: 'https://fsc.svom.eu/schemas/v1/notices/mxt.schema.json',
  vt: 'https://fsc.svom.eu/schemas/v1/notices/vt.schema.json',
  retraction: 'https://fsc.svom.eu/schemas/v1/notices/retraction.schema.json',
} as const;

/** A JSON notice: a plain object with its `$schema`. */
export type SvomNoticeJson = { $schema: string } & Record<string, unknown>;

type Measured = GrmTriggerNotice | EclairsNotice | MxtNotice | VtNotice;

/** The `svom` extension object (SvomInfo.schema.json): identity and what GCN has no name for. */
function svomInfo(notice: SvomNotice, content: Measured): Record<string, unknown> {
  const info: Record<string, unknown> = {
    packet_type: notice.packetType,
    notice_name: notice.name,
    notice_level: SVOM_NOTICE_TYPES[notice.packetType].noticeLevel,
    ivorn: svomIvorn(notice.burstId, notice.name),
  };
  if (content.alertSequenceT0 !== undefined) info['alert_sequence_t0'] = content.alertSequenceT0;
  if (content.sky) {
    info['galactic_lon'] = content.sky.galacticLonDeg;
    info['galactic_lat'] = content.sky.galacticLatDeg;
    info['sun_angle'] = content.sky.sunAngleDeg;
    info['moon_angle'] = content.sky.moonAngleDeg;
  }
  if ('slewStatus' in content) info['slew_status'] = content.slewStatus;
  if ('triggerType' in content) info['trigger_type'] = content.triggerType;
  if ('catalog' in content && content.catalog) {
    info['onboard_catalog_id'] = content.catalog.id;
    info['source_name'] = content.catalog.sourceName;
  }
  if ('eclairsAngleArcmin' in content) {
    info['eclairs_angle'] = content.eclairsAngleArcmin;
    info['within_eclairs_r90'] = content.withinEclairsR90;
  }
  const defaultCite = notice.name === 'retraction' ? 'retraction' : 'followup';
  const citations = (notice.citations ?? []).map((c) => ({ ivorn: c.ivorn, cite: c.cite ?? defaultCite }));
  if (citations.length > 0) info['citations'] = citations;
  return info;
}

/** Core GCN fields every measured notice shares (Alert, Reporter, Event, DateTime, Localization, Pointing, GeoLocBase). */
function core(notice: SvomNotice, content: SvomMeasuredBase, instrument: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    mission: 'SVOM',
    instrument,
    record_number: notice.serialNumber,
    alert_datetime: notice.dateIssued,
    alert_tense: notice.role === 'test' ? 'test' : 'current',
    id: [notice.burstId],
    trigger_time: content.t0,
  };
  if (content.position) {
    out['ra'] = content.position.raDeg;
    out['dec'] = content.position.decDeg;
    if (content.position.errorRadiusDeg !== undefined) out['ra_dec_error'] = content.position.errorRadiusDeg;
  }
  if (content.pointing) {
    out['ra_pointing'] = content.pointing.raDeg;
    out['dec_pointing'] = content.pointing.decDeg;
    out['roll'] = content.pointing.rollDeg;
  }
  if (content.satellite) {
    out['longitude'] = content.satellite.lonDeg;
    out['latitude'] = content.satellite.latDeg;
    out['altitude'] = content.satellite.altitudeKm;
  }
  return out;
}

function triggerJson(notice: GrmTriggerNotice | EclairsNotice): SvomNoticeJson {
  const out: SvomNoticeJson = {
    $schema: GCN_SVOM_TRIGGER_SCHEMA_ID,
    ...core(notice, notice, notice.name === 'grm-trigger' ? 'GRM' : 'ECLAIRs'),
  };
  const first = notice.packetType <= 203 && notice.serialNumber === 1;
  out['alert_type'] = first ? 'initial' : 'update';
  const t0Ms = epochMs(notice.t0, 't0');
  out['observation_start'] = notice.t0;
  out['observation_stop'] = new Date(t0Ms + Math.round(notice.timescaleS * 1000)).toISOString();
  // GRM and the ECLAIRs count-rate trigger are rate triggers; IMT is an image trigger.
  const image = notice.name !== 'grm-trigger' && notice.triggerType === 'IMT';
  const prefix = image ? 'image' : 'rate';
  out['trigger_type'] = prefix;
  out[`${prefix}_snr`] = notice.snr;
  out[`${prefix}_duration`] = notice.timescaleS;
  out[`${prefix}_energy_range`] = [...notice.energyBandKev];
  if (notice.name === 'grm-trigger') {
    out['triggered_GRDs'] = [...notice.triggeredGrds];
  } else {
    if (notice.catalog) out['event_name'] = [notice.catalog.sourceName];
    const gcnSlew = {
      accepted: 'accepted',
      rejected: 'rejected',
      'not-requested': 'not_requested',
      requested: undefined,
    }[notice.slewStatus];
    if (gcnSlew !== undefined) out['slew_status'] = gcnSlew;
  }
  // trigger.schema.json admits no new property: our extras ride in additional_info, as JSON.
  out['additional_info'] = JSON.stringify({ svom: svomInfo(notice, notice) });
  return out;
}

function mxtJson(notice: MxtNotice): SvomNoticeJson {
  return {
    $schema: FSC_SCHEMA_IDS.mxt,
    ...core(notice, notice, 'MXT'),
    alert_type: notice.packetType === 209 ? 'initial' : 'update',
    mxt_quality: mxtQualityOfName(notice.name),
    image_snr: notice.snr,
    mean_flux: notice.meanFlux,
    mean_flux_error: notice.fluxError,
    use_VT_attitude: notice.useVtAttitude,
    svom: svomInfo(notice, notice),
  };
}

function vtJson(notice: VtNotice): SvomNoticeJson {
  return {
    $schema: FSC_SCHEMA_IDS.vt,
    ...core(notice, notice, 'VT'),
    alert_type: notice.serialNumber === 1 ? 'initial' : 'update',
    candidates: notice.candidates.map((c) => ({
      ra: c.raDeg,
      dec: c.decDeg,
      ra_dec_error: c.errorRadiusArcsec / 3600,
      ...(c.magnitude !== undefined ? { magnitude: c.magnitude } : {}),
      ...(c.band !== undefined ? { band: c.band } : {}),
    })),
    svom: svomInfo(notice, notice),
  };
}

/**
 * The JSON form of an SVOM notice, full precision: GCN's `svom/trigger.schema.json` for 201-205
 * (FSC extras as JSON in `additional_info`), the FSC schemas of `schemas/fsc/` for 209-211 and
 * 219 (extras under `svom`). `$schema` names the schema it follows.
 * @throws {VoEventError} BAD_NOTICE as {@link svomNoticeToVoEvent} does.
 */
export function svomNoticeToJson(notice: SvomNotice): SvomNoticeJson {
  assertConsistent(notice);
  switch (notice.name) {
    case 'retraction': {
      const content = notice.retracted;
      return {
        $schema: FSC_SCHEMA_IDS.retraction,
        mission: 'SVOM',
        instrument: SVOM_NOTICE_TYPES[content.packetType].instrument,
        record_number: notice.serialNumber,
        alert_datetime: notice.dateIssued,
        alert_tense: notice.role === 'test' ? 'test' : 'current',
        alert_type: 'retraction',
        id: [notice.burstId],
        trigger_time: content.t0,
        retracted_ivorns: (notice.citations ?? []).map((c) => c.ivorn),
        reason: notice.advocateComment,
        svom: svomInfo(notice, content),
      };
    }
    case 'vt':
      return vtJson(notice);
    case 'grm-trigger':
      return triggerJson(notice);
    default:
      return notice.packetType === 209 || notice.packetType === 210
        ? mxtJson(notice as MxtNotice)
        : triggerJson(notice as EclairsNotice);
  }
}
