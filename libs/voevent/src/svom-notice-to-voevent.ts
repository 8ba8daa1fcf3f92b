import type { Author, Group, Param, VoEvent, WhereWhen } from './voevent.model.js';
import type {
  EclairsNotice,
  GrmTriggerNotice,
  MxtNotice,
  SvomMeasuredBase,
  SvomNotice,
  SvomTriggerFields,
  VtNotice,
} from './svom-notice.model.js';
import {
  assertConsistent,
  SVOM_FSC_AUTHOR,
  SVOM_INSTRUMENT_PAGES,
  SVOM_NOTICE_TYPES,
  svomIvorn,
} from './svom-vocabulary.js';
import type { SvomInstrument } from './svom-vocabulary.js';
import {
  dateIssuedOf,
  epochMs,
  fixed,
  isoMillis,
  isoTimeOf,
  pythonBool,
  pythonFloat,
  shortest,
} from './svom-format.js';

/** Options of {@link svomNoticeToVoEvent}. */
export interface SvomVoEventOptions {
  /** Overrides parts of `Who/Author` (e.g. the contact of the day). */
  author?: Partial<Author>;
}

type Measured = GrmTriggerNotice | EclairsNotice | MxtNotice | VtNotice;

function param(name: string, value: string, ucd: string, unit?: string): Param {
  return unit === undefined ? { name, value, ucd } : { name, value, unit, ucd };
}

function isEclairs(notice: Measured): notice is EclairsNotice {
  return notice.packetType >= 202 && notice.packetType <= 205;
}

function isMxt(notice: Measured): notice is MxtNotice {
  return notice.packetType === 209 || notice.packetType === 210;
}

const deg2 = (name: string, value: number, ucd: string): Param => param(name, fixed(value, 2), ucd, 'deg');

function identifiers(notice: Measured, level: string): Group {
  const params = [param('Notice_Level', level, 'meta.id'), param('Burst_Id', notice.burstId, 'meta.id')];
  if (notice.alertSequenceT0 !== undefined) {
    params.push(param('Alert_Seq_T0', isoMillis(epochMs(notice.alertSequenceT0, 'alertSequenceT0')), 'time.start'));
  }
  return { name: 'Svom_Identifiers', params };
}

function triggerDetection(notice: SvomMeasuredBase & SvomTriggerFields): Param[] {
  const t0Ms = epochMs(notice.t0, 't0');
  return [
    param('SNR', fixed(notice.snr, 2), 'stat.snr', 'sigma'),
    param('Timescale', pythonFloat(notice.timescaleS), 'time.interval', 's'),
    param('Time_Window_Start', isoMillis(t0Ms), 'time.start'),
    param('Time_Window_End', isoMillis(t0Ms + Math.round(notice.timescaleS * 1000)), 'time.end'),
    param('Lower_Energy_Bound', shortest(notice.energyBandKev[0]), 'em.energy', 'keV'),
    param('Upper_Energy_Bound', shortest(notice.energyBandKev[1]), 'em.energy', 'keV'),
  ];
}

function detection(notice: Measured): Param[] {
  switch (notice.name) {
    case 'grm-trigger':
      return [
        ...triggerDetection(notice),
        param('Triggered_GRDs', notice.triggeredGrds.map((t) => (t ? '1' : '0')).join(''), 'instr.param'),
      ];
    case 'vt':
      return [param('Candidate_Count', String(notice.candidates.length), 'meta.number')];
    default:
      if (isMxt(notice)) {
        return [
          param('SNR', fixed(notice.snr, 2), 'stat.snr', 'sigma'),
          param('Mean_Flux', fixed(notice.meanFlux, 2), 'phot.flux', 'erg.cm^-2.s^-1'),
          param('Flux_Error', fixed(notice.fluxError, 2), 'phot.flux', 'erg.cm^-2.s^-1'),
        ];
      }
      return isEclairs(notice)
        ? [...triggerDetection(notice), param('Trigger_Type', notice.triggerType, 'instr.param')]
        : [];
  }
}

function target(notice: Measured): Param[] {
  const params: Param[] = [];
  if (isEclairs(notice)) {
    const catalog = notice.catalog;
    if (catalog) {
      params.push(param('Onboard_Catalog_Id', String(catalog.id), 'meta.id.assoc'));
      params.push(param('Source_Name', catalog.sourceName, 'meta.id.assoc'));
    }
  }
  if (isMxt(notice)) {
    params.push(param('Within_ECLAIRs_R90', pythonBool(notice.withinEclairsR90), 'instr.param'));
    params.push(param('ECLAIRs_Angle', fixed(notice.eclairsAngleArcmin, 2), 'pos.angdistance', 'arcmin'));
  }
  if (notice.sky) {
    params.push(
      deg2('Galactic_Lon', notice.sky.galacticLonDeg, 'pos.galactic.lon'),
      deg2('Galactic_Lat', notice.sky.galacticLatDeg, 'pos.galactic.lat'),
      deg2('Moon_Angle', notice.sky.moonAngleDeg, 'pos.angdistance'),
      deg2('Sun_Angle', notice.sky.sunAngleDeg, 'pos.angdistance'),
    );
  }
  return params;
}

function satellite(notice: Measured): Param[] {
  const params: Param[] = [];
  if (isEclairs(notice)) params.push(param('Slew_Status', notice.slewStatus, 'meta.code.status'));
  if (isMxt(notice)) {
    params.push(param('Use_VT_Attitude', pythonBool(notice.useVtAttitude), 'instr.param'));
  }
  if (notice.pointing) {
    params.push(
      deg2('Attitude_Ra', notice.pointing.raDeg, 'instr.param'),
      deg2('Attitude_Dec', notice.pointing.decDeg, 'instr.param'),
      deg2('Attitude_Roll', notice.pointing.rollDeg, 'instr.param'),
    );
  }
  if (notice.satellite) {
    params.push(
      deg2('Sat_Longitude', notice.satellite.lonDeg, 'pos.earth.lon'),
      deg2('Sat_Latitude', notice.satellite.latDeg, 'pos.earth.lat'),
      param('Sat_Altitude', fixed(notice.satellite.altitudeKm, 2), 'pos.earth.altitude', 'km'),
    );
  }
  return params;
}

/** One Group per VT candidate: VOEvent 2.0 Groups do not nest. */
function vtCandidates(notice: VtNotice): Group[] {
  return notice.candidates.map((c, i) => {
    const params = [
      param('Candidate_Rank', String(i + 1), 'meta.number'),
      param('Candidate_Ra', fixed(c.raDeg, 5), 'pos.eq.ra', 'deg'),
      param('Candidate_Dec', fixed(c.decDeg, 5), 'pos.eq.dec', 'deg'),
      param('Candidate_Error', fixed(c.errorRadiusArcsec, 2), 'stat.error;pos', 'arcsec'),
    ];
    if (c.magnitude !== undefined) params.push(param('Candidate_Mag', fixed(c.magnitude, 2), 'phot.mag', 'mag'));
    if (c.band !== undefined) params.push(param('Candidate_Band', c.band, 'instr.filter'));
    return { name: 'VT_Candidate', type: 'candidate', params };
  });
}

function whereWhen(notice: Measured): WhereWhen {
  const out: WhereWhen = {
    observatoryLocation: 'GEOLEO',
    coordSystem: 'UTC-ICRS-GEO',
    isoTime: isoTimeOf(epochMs(notice.t0, 't0')),
    timeUnit: 's',
  };
  if (notice.position) {
    out.position = {
      unit: 'deg',
      name1: 'RA',
      name2: 'Dec',
      c1: Number(fixed(notice.position.raDeg, 4)),
      c2: Number(fixed(notice.position.decDeg, 4)),
      error2Radius: Number(fixed(notice.position.errorRadiusDeg ?? -1, 4)),
      fractionDigits: 4,
    };
  }
  return out;
}

function instrumentOf(notice: Measured): SvomInstrument {
  return SVOM_NOTICE_TYPES[notice.packetType].instrument as SvomInstrument;
}

/**
 * Builds the VOEvent of an SVOM FSC notice with the Params, units, UCDs, groups and rounding of
 * the real notices of its Packet_Type, and `<Citations>` naming the earlier notices of the burst
 * (`followup`, or `retraction` for 219, with the Burst Advocate's comment).
 * @throws {VoEventError} BAD_NOTICE when name, Packet_Type, Burst_Id or a time do not hold.
 */
export function svomNoticeToVoEvent(notice: SvomNotice, options: SvomVoEventOptions = {}): VoEvent {
  assertConsistent(notice);
  const content: Measured = notice.name === 'retraction' ? notice.retracted : notice;
  if (notice.name === 'retraction') assertConsistent(notice.retracted);
  const level = SVOM_NOTICE_TYPES[notice.packetType].noticeLevel;
  const instrument = instrumentOf(content);
  const groups: Group[] = [
    identifiers({ ...content, burstId: notice.burstId }, level),
    { name: 'Detection_Info', params: detection(content) },
  ];
  const targetParams = target(content);
  if (targetParams.length > 0) groups.push({ name: 'Target_Info', params: targetParams });
  const satelliteParams = satellite(content);
  if (satelliteParams.length > 0) groups.push({ name: 'Satellite_Info', params: satelliteParams });
  if (content.name === 'vt') groups.push(...vtCandidates(content));

  const { authorIvorn, ...author } = SVOM_FSC_AUTHOR;
  const event: VoEvent = {
    ivorn: svomIvorn(notice.burstId, notice.name),
    role: notice.role ?? 'observation',
    version: '2.0',
    who: {
      authorIvorn,
      date: dateIssuedOf(epochMs(notice.dateIssued, 'dateIssued')),
      author: { ...author, ...options.author },
    },
    what: {
      params: [
        param('Packet_Type', String(notice.packetType), 'meta.id'),
        param('Pkt_Ser_Num', String(notice.serialNumber), 'meta.id'),
        param('Instrument', instrument, 'instr'),
      ],
      groups,
    },
    whereWhen: whereWhen(content),
  };
  // The real retractions carry no How: they describe a decision, not data.
  if (notice.name !== 'retraction') {
    event.how = {
      descriptions: [`${level} notice, data from ${instrument}`],
      references: [{ uri: SVOM_INSTRUMENT_PAGES[instrument] }],
    };
  }
  const defaultCite = notice.name === 'retraction' ? 'retraction' : 'followup';
  const cited = (notice.citations ?? []).map((c) => ({ ivorn: c.ivorn, cite: c.cite ?? defaultCite }));
  if (cited.length > 0) {
    event.citations = { eventIvorns: cited };
    if (notice.name === 'retraction') event.citations.description = notice.advocateComment;
  }
  return event;
}
