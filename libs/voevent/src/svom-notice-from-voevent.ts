import type { Param, VoEvent } from './voevent.model.js';
import type {
  EclairsNotice,
  GrmTriggerNotice,
  MxtNotice,
  SlewStatus,
  SvomCitation,
  SvomMeasuredBase,
  SvomNotice,
  SvomNoticeName,
  SvomPacketType,
  SvomTriggerFields,
} from './svom-notice.model.js';
import { SVOM_NOTICE_TYPES } from './svom-vocabulary.js';
import { VoEventError } from './voevent.errors.js';

/** Params of a notice by name, top level and groups together (names are unique in FSC notices). */
class ParamIndex {
  private readonly byName = new Map<string, Param>();
  constructor(event: VoEvent) {
    for (const p of event.what?.params ?? []) this.byName.set(p.name, p);
    for (const g of event.what?.groups ?? []) for (const p of g.params) this.byName.set(p.name, p);
  }
  has(name: string): boolean {
    return this.byName.has(name);
  }
  text(name: string): string {
    const value = this.byName.get(name)?.value;
    if (value === undefined)
      throw new VoEventError('MISSING_FIELD', `no Param ${name}`, { field: `What//Param[@name="${name}"]` });
    return value;
  }
  number(name: string): number {
    const value = Number(this.text(name));
    if (!Number.isFinite(value))
      throw new VoEventError('BAD_VALUE', `Param ${name} is not a number`, { field: `What//Param[@name="${name}"]` });
    return value;
  }
  bool(name: string): boolean {
    return this.text(name).toLowerCase() === 'true';
  }
}

/** "2026-02-25T08:51:04.859000" (UTC, no zone) → "2026-02-25T08:51:04.859Z". */
function utcInstant(isoTime: string): string {
  return new Date(`${isoTime.replace(/Z$/, '')}Z`).toISOString();
}

function measuredBase(event: VoEvent, p: ParamIndex): SvomMeasuredBase {
  const base: SvomMeasuredBase = {
    burstId: p.text('Burst_Id'),
    serialNumber: p.number('Pkt_Ser_Num'),
    dateIssued: new Date(event.who?.date ?? '').toISOString(),
    t0: utcInstant(event.whereWhen?.isoTime ?? p.text('Time_Window_Start')),
  };
  if (event.role === 'test') base.role = 'test';
  if (p.has('Alert_Seq_T0')) base.alertSequenceT0 = p.text('Alert_Seq_T0');
  const position = event.whereWhen?.position;
  if (position) {
    base.position = { raDeg: position.c1, decDeg: position.c2 };
    if (position.error2Radius >= 0) base.position.errorRadiusDeg = position.error2Radius;
  }
  if (p.has('Galactic_Lon')) {
    base.sky = {
      galacticLonDeg: p.number('Galactic_Lon'),
      galacticLatDeg: p.number('Galactic_Lat'),
      sunAngleDeg: p.number('Sun_Angle'),
      moonAngleDeg: p.number('Moon_Angle'),
    };
  }
  if (p.has('Attitude_Ra')) {
    base.pointing = {
      raDeg: p.number('Attitude_Ra'),
      decDeg: p.number('Attitude_Dec'),
      rollDeg: p.number('Attitude_Roll'),
    };
  }
  if (p.has('Sat_Longitude')) {
    base.satellite = {
      lonDeg: p.number('Sat_Longitude'),
      latDeg: p.number('Sat_Latitude'),
      altitudeKm: p.number('Sat_Altitude'),
    };
  }
  const citations: SvomCitation[] = (event.citations?.eventIvorns ?? []).map((c) => ({ ivorn: c.ivorn, cite: c.cite }));
  if (citations.length > 0) base.citations = citations;
  return base;
}

function trigger(p: ParamIndex): SvomTriggerFields {
  return {
    snr: p.number('SNR'),
    timescaleS: p.number('Timescale'),
    energyBandKev: [p.number('Lower_Energy_Bound'), p.number('Upper_Energy_Bound')],
  };
}

function nameOf(event: VoEvent): string {
  return event.ivorn.slice(event.ivorn.indexOf('_') + 1);
}

function measured(
  event: VoEvent,
  p: ParamIndex,
  packetType: SvomPacketType,
  instrument: string,
): GrmTriggerNotice | EclairsNotice | MxtNotice {
  const base = measuredBase(event, p);
  if (instrument === 'GRM') {
    const grds = p
      .text('Triggered_GRDs')
      .split('')
      .map((c) => c === '1');
    return {
      ...base,
      ...trigger(p),
      name: 'grm-trigger',
      packetType: 201,
      triggeredGrds: [grds[0] ?? false, grds[1] ?? false, grds[2] ?? false],
    };
  }
  if (instrument === 'MXT') {
    return {
      ...base,
      name: nameOf(event) as MxtNotice['name'],
      packetType: packetType as 209 | 210,
      snr: p.number('SNR'),
      meanFlux: p.number('Mean_Flux'),
      fluxError: p.number('Flux_Error'),
      withinEclairsR90: p.bool('Within_ECLAIRs_R90'),
      eclairsAngleArcmin: p.number('ECLAIRs_Angle'),
      useVtAttitude: p.bool('Use_VT_Attitude'),
    };
  }
  const eclairs: EclairsNotice = {
    ...base,
    ...trigger(p),
    name: nameOf(event) as EclairsNotice['name'],
    packetType: packetType as EclairsNotice['packetType'],
    triggerType: p.text('Trigger_Type') as EclairsNotice['triggerType'],
    slewStatus: p.text('Slew_Status') as SlewStatus,
  };
  if (p.has('Onboard_Catalog_Id'))
    eclairs.catalog = { id: p.number('Onboard_Catalog_Id'), sourceName: p.text('Source_Name') };
  return eclairs;
}

/**
 * Reads an SVOM FSC VOEvent (GRM, ECLAIRs, MXT or retraction) back into a {@link SvomNotice}:
 * the inverse of {@link svomNoticeToVoEvent}, up to the rounding of the XML values. A
 * retraction's `retracted` is rebuilt from the content it repeats (its name is the instrument's
 * first notice name, as the XML does not say which notice was retracted).
 * @throws {VoEventError} MISSING_FIELD / BAD_VALUE naming the Param, BAD_NOTICE for a Packet_Type
 *   that is not an FSC notice.
 */
export function svomNoticeFromVoEvent(event: VoEvent): SvomNotice {
  const p = new ParamIndex(event);
  const packetType = p.number('Packet_Type') as SvomPacketType;
  if (!(packetType in SVOM_NOTICE_TYPES) || packetType === 211) {
    throw new VoEventError('BAD_NOTICE', `Packet_Type ${packetType} is not an FSC notice this reader knows`, {
      field: 'Packet_Type',
    });
  }
  const instrument = p.text('Instrument');
  if (packetType !== 219) return measured(event, p, packetType, instrument);
  const retracted = measured(event, p, instrument === 'GRM' ? 201 : instrument === 'MXT' ? 209 : 202, instrument);
  const name: Record<string, SvomNoticeName> = {
    GRM: 'grm-trigger',
    MXT: 'mxt-initial_qf1',
    ECLAIRs: 'eclairs-wakeup',
  };
  retracted.name = name[instrument] as never;
  delete retracted.citations;
  const notice: SvomNotice = {
    name: 'retraction',
    packetType: 219,
    burstId: retracted.burstId,
    serialNumber: retracted.serialNumber,
    dateIssued: retracted.dateIssued,
    advocateComment: event.citations?.description ?? '',
    retracted,
  };
  if (event.role === 'test') notice.role = 'test';
  const citations = (event.citations?.eventIvorns ?? []).map((c) => ({ ivorn: c.ivorn, cite: c.cite }));
  if (citations.length > 0) notice.citations = citations;
  return notice;
}
