/** docs/ICD-VHF.md §4.6: MXT position (APID 0x340, type 1), initial (count 0) and updates. */
import type { TimeInput } from './cuc-time.js';
import { badField } from './field-error.js';
import type { FieldsOrBadField } from './field-error.js';
import {
  readAngle24Deg,
  readCucIso,
  readLat24Deg,
  writeAngle24Deg,
  writeCuc,
  writeFloat32,
  writeLat24Deg,
  writeScaledUint,
  writeUint,
} from './fixed-point.js';

/** MXT quality flag of ICD section 7, from 4 (best) to 1. */
export type MxtQuality = 1 | 2 | 3 | 4;

/** Decoded MXT position. */
export interface MxtPositionFields {
  alertSequenceId: number;
  messageCount: number;
  time: string;
  raDeg: number;
  decDeg: number;
  r90Arcsec: number;
  snr: number;
  /** Mean flux, erg cm⁻² s⁻¹. */
  meanFlux: number;
  /** Flux error, erg cm⁻² s⁻¹. */
  fluxError: number;
  usedVtAttitude: boolean;
  /** Derived from `r90Arcsec` (ICD section 7), not on the wire. */
  quality: MxtQuality;
}

/** What {@link encodeMxtPositionPayload} takes; `quality` is derived, so ignored. */
export type MxtPositionInput = Omit<MxtPositionFields, 'time' | 'quality'> & { time: TimeInput; quality?: MxtQuality };

export const MXT_POSITION_PAYLOAD_BYTES = 30;

/** MXT quality q of ICD section 7: R90 ≤ 40″ gives 4, ≤ 90″ gives 3, ≤ 130″ gives 2, else 1. */
export function mxtQuality(r90Arcsec: number): MxtQuality {
  if (r90Arcsec <= 40) return 4;
  if (r90Arcsec <= 90) return 3;
  if (r90Arcsec <= 130) return 2;
  return 1;
}

export function decodeMxtPositionPayload(view: DataView, offset: number): FieldsOrBadField<MxtPositionFields> {
  const meanFlux = view.getFloat32(offset + 21);
  if (!Number.isFinite(meanFlux)) return badField('meanFlux', 'not a finite float32');
  const fluxError = view.getFloat32(offset + 25);
  if (!Number.isFinite(fluxError)) return badField('fluxError', 'not a finite float32');
  const r90Arcsec = view.getUint16(offset + 17) / 10;
  return {
    alertSequenceId: view.getUint32(offset),
    messageCount: view.getUint8(offset + 4),
    time: readCucIso(view, offset + 5),
    raDeg: readAngle24Deg(view, offset + 11),
    decDeg: readLat24Deg(view, offset + 14),
    r90Arcsec,
    snr: view.getUint16(offset + 19) / 100,
    meanFlux,
    fluxError,
    usedVtAttitude: (view.getUint8(offset + 29) & 0x01) !== 0,
    quality: mxtQuality(r90Arcsec),
  };
}

/** @throws VhfEncodeError on a value the payload cannot carry */
export function encodeMxtPositionPayload(fields: MxtPositionInput): Uint8Array {
  const bytes = new Uint8Array(MXT_POSITION_PAYLOAD_BYTES);
  const view = new DataView(bytes.buffer);
  writeUint(view, 0, 4, fields.alertSequenceId, 'alertSequenceId');
  writeUint(view, 4, 1, fields.messageCount, 'messageCount');
  writeCuc(view, 5, fields.time, 'time');
  writeAngle24Deg(view, 11, fields.raDeg, 'raDeg');
  writeLat24Deg(view, 14, fields.decDeg, 'decDeg');
  writeScaledUint(view, 17, 2, fields.r90Arcsec, 10, 'r90Arcsec');
  writeScaledUint(view, 19, 2, fields.snr, 100, 'snr');
  writeFloat32(view, 21, fields.meanFlux, 'meanFlux');
  writeFloat32(view, 25, fields.fluxError, 'fluxError');
  view.setUint8(29, fields.usedVtAttitude ? 0x01 : 0);
  return bytes;
}
