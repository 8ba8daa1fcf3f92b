import type { SvomNotice } from '@svom/voevent';

/** SVOM notices as alerts builds them (the typed input of `svomNoticeToJson`). */
export function slewing(
  burstId: string,
  t0: string,
  position: { raDeg: number; decDeg: number; errorRadiusDeg: number },
): SvomNotice {
  return {
    name: 'slewing',
    packetType: 204,
    burstId,
    serialNumber: 1,
    dateIssued: t0.replace(/\.\d+Z$/, 'Z'),
    t0,
    position,
    snr: 9.1,
    timescaleS: 20.48,
    energyBandKev: [4, 120],
    triggerType: 'IMT',
    slewStatus: 'accepted',
  };
}

export function mxtUpdate(
  burstId: string,
  t0: string,
  serialNumber: number,
  position: { raDeg: number; decDeg: number; errorRadiusDeg: number },
): SvomNotice {
  return { ...mxtInitial(burstId, t0, position), name: 'mxt-update_qf3', packetType: 210, serialNumber } as SvomNotice;
}

export function mxtInitial(
  burstId: string,
  t0: string,
  position: { raDeg: number; decDeg: number; errorRadiusDeg: number },
): SvomNotice {
  return {
    name: 'mxt-initial_qf3',
    packetType: 209,
    burstId,
    serialNumber: 1,
    dateIssued: t0.replace(/\.\d+Z$/, 'Z'),
    t0,
    position,
    snr: 12.3,
    meanFlux: 0.4,
    fluxError: 0.1,
    withinEclairsR90: true,
    eclairsAngleArcmin: 4.2,
    useVtAttitude: false,
  };
}

export function grmTrigger(
  burstId: string,
  t0: string,
  position: { raDeg: number; decDeg: number; errorRadiusDeg: number },
): SvomNotice {
  return {
    name: 'grm-trigger',
    packetType: 201,
    burstId,
    serialNumber: 1,
    dateIssued: t0.replace(/\.\d+Z$/, 'Z'),
    t0,
    position,
    snr: 8.2,
    timescaleS: 1,
    energyBandKev: [15, 5000],
    triggeredGrds: [true, false, true],
  };
}

export function retraction(burstId: string, t0: string, retracted: SvomNotice): SvomNotice {
  return {
    name: 'retraction',
    packetType: 219,
    burstId,
    serialNumber: 1,
    dateIssued: t0.replace(/\.\d+Z$/, 'Z'),
    advocateComment: 'Determined to not be a viable GRB candidate',
    retracted: retracted as Extract<SvomNotice, { name: 'slewing' }>,
    citations: [{ ivorn: `ivo://org.svom/fsc#${burstId}_${retracted.name}` }],
  };
}
