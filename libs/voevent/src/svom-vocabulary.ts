import type { MxtQuality, SvomNotice, SvomNoticeName, SvomPacketType } from './svom-notice.model.js';
import { VoEventError } from './voevent.errors.js';

/** Instruments as the `Instrument` Param names them. */
export type SvomInstrument = 'GRM' | 'ECLAIRs' | 'MXT' | 'VT';

/** One row of the notice vocabulary (docs/ICD-VHF.md §7). */
export interface SvomNoticeType {
  packetType: SvomPacketType;
  /** The names this packet type may carry (MXT: one per quality). */
  names: readonly SvomNoticeName[];
  noticeLevel: 'N1g' | 'N1e' | 'N2m' | 'N2v' | 'N3e';
  /** Instrument of the data; a retraction takes the instrument of the notice it retracts. */
  instrument: SvomInstrument | undefined;
}

const QUALITIES: readonly MxtQuality[] = [1, 2, 3, 4];

/** The SVOM FSC notice vocabulary, by Packet_Type. */
export const SVOM_NOTICE_TYPES: Readonly<Record<SvomPacketType, SvomNoticeType>> = {
  201: { packetType: 201, names: ['grm-trigger'], noticeLevel: 'N1g', instrument: 'GRM' },
  202: { packetType: 202, names: ['eclairs-wakeup'], noticeLevel: 'N1e', instrument: 'ECLAIRs' },
  203: { packetType: 203, names: ['eclairs-catalog'], noticeLevel: 'N1e', instrument: 'ECLAIRs' },
  204: { packetType: 204, names: ['slewing'], noticeLevel: 'N1e', instrument: 'ECLAIRs' },
  205: { packetType: 205, names: ['not-slewing'], noticeLevel: 'N1e', instrument: 'ECLAIRs' },
  209: {
    packetType: 209,
    names: QUALITIES.map((q) => `mxt-initial_qf${q}` as const),
    noticeLevel: 'N2m',
    instrument: 'MXT',
  },
  210: {
    packetType: 210,
    names: QUALITIES.map((q) => `mxt-update_qf${q}` as const),
    noticeLevel: 'N2m',
    instrument: 'MXT',
  },
  211: { packetType: 211, names: ['vt'], noticeLevel: 'N2v', instrument: 'VT' },
  219: { packetType: 219, names: ['retraction'], noticeLevel: 'N3e', instrument: undefined },
};

/** Every notice name, in Packet_Type order. */
export const SVOM_NOTICE_NAMES: readonly SvomNoticeName[] = Object.values(SVOM_NOTICE_TYPES).flatMap((t) => t.names);

/** `How/Reference/@uri` of each instrument, as in the real notices (VT: the FSC's choice). */
export const SVOM_INSTRUMENT_PAGES: Readonly<Record<SvomInstrument, string>> = {
  GRM: 'https://www.svom.eu/en/grm-gamma-ray-burst-monitor-en/',
  ECLAIRs: 'https://www.svom.eu/en/telescope-eclairs-en/',
  MXT: 'https://www.svom.eu/en/mxt-microchannel-x-ray-telescope-en/',
  VT: 'https://www.svom.eu/en/vt-visible-telescope-en/',
};

/** The FSC as author of its notices (`Who`), as in the real notices. */
export const SVOM_FSC_AUTHOR = {
  authorIvorn: 'ivo://org.svom/fsc',
  title: 'SVOM French Science Center',
  shortName: 'FSC',
  contactName: 'Henri Louvin',
  contactEmail: 'svom-contact@cea.fr',
} as const;

const BURST_ID = /^sb\d{8}$/;

/** Checks a Burst_Id: `sb` + YYMMDD + two-digit rank. */
export function assertBurstId(burstId: string): void {
  if (!BURST_ID.test(burstId)) {
    throw new VoEventError('BAD_NOTICE', `Burst_Id "${burstId}" is not sb + YYMMDD + two-digit rank`, {
      field: 'burstId',
    });
  }
}

/** The Packet_Type of a notice name, or undefined for an unknown name. */
export function packetTypeOfName(name: string): SvomPacketType | undefined {
  return Object.values(SVOM_NOTICE_TYPES).find((t) => (t.names as readonly string[]).includes(name))?.packetType;
}

/**
 * The IVORN of a notice: `ivo://org.svom/fsc#<Burst_Id>_<name>`.
 * @throws {VoEventError} BAD_NOTICE for a malformed Burst_Id or an unknown name.
 */
export function svomIvorn(burstId: string, name: SvomNoticeName): string {
  assertBurstId(burstId);
  if (packetTypeOfName(name) === undefined) {
    throw new VoEventError('BAD_NOTICE', `"${name}" is not an SVOM notice name`, { field: 'name' });
  }
  return `ivo://org.svom/fsc#${burstId}_${name}`;
}

/** Checks that a notice's name and Packet_Type agree, and its Burst_Id is well formed. */
export function assertConsistent(notice: SvomNotice): void {
  assertBurstId(notice.burstId);
  const expected = packetTypeOfName(notice.name);
  if (expected !== notice.packetType) {
    throw new VoEventError(
      'BAD_NOTICE',
      `notice "${notice.name}" has Packet_Type ${notice.packetType}, expected ${expected ?? 'a known name'}`,
      { field: 'packetType' },
    );
  }
  if (!Number.isInteger(notice.serialNumber) || notice.serialNumber < 1) {
    throw new VoEventError('BAD_NOTICE', `Pkt_Ser_Num ${notice.serialNumber} is not a positive integer`, {
      field: 'serialNumber',
    });
  }
}

/** The MXT quality a notice name carries (`..._qf3` → 3). */
export function mxtQualityOfName(name: string): MxtQuality | undefined {
  const match = /_qf([1-4])$/.exec(name);
  return match ? (Number(match[1]) as MxtQuality) : undefined;
}

/** MXT quality from the R90 error radius (docs/ICD-VHF.md §7). */
export function mxtQualityOfR90(r90Arcsec: number): MxtQuality {
  if (r90Arcsec <= 40) return 4;
  if (r90Arcsec <= 90) return 3;
  if (r90Arcsec <= 130) return 2;
  return 1;
}
