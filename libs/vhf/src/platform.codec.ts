/** docs/ICD-VHF.md §4.1: platform recurrent packet (APID 0x310, type 1), every 60 s. */
import type { TimeInput } from './cuc-time.js';
import { badField } from './field-error.js';
import type { FieldsOrBadField } from './field-error.js';
import {
  enumToWire,
  isUnitQuaternion,
  readCucIso,
  readPositionM,
  readQuaternion,
  writeCuc,
  writePositionM,
  writeQuaternion,
  writeUint,
} from './fixed-point.js';
import type { Quaternion, Vec3 } from '@svom/astro';

/** The observing programme the satellite is in. */
export type Programme = 'core' | 'general' | 'too' | 'calibration';
const PROGRAMMES: readonly Programme[] = ['core', 'general', 'too', 'calibration'];

/** Decoded platform recurrent packet. */
export interface PlatformRecurrentFields {
  attitudeTime: string;
  attitude: Quaternion;
  positionM: Vec3;
  inSaa: boolean;
  slewing: boolean;
  eclairsOn: boolean;
  mxtOn: boolean;
  vtOn: boolean;
  grmOn: boolean;
  programme: Programme;
  observationId: number;
}

/** What {@link encodePlatformRecurrentPayload} takes: the decoded fields, any time form. */
export type PlatformRecurrentInput = Omit<PlatformRecurrentFields, 'attitudeTime' | 'attitude' | 'positionM'> & {
  attitudeTime: TimeInput;
  attitude: readonly number[];
  positionM: readonly number[];
};

export const PLATFORM_RECURRENT_PAYLOAD_BYTES = 40;

export function decodePlatformRecurrentPayload(
  view: DataView,
  offset: number,
): FieldsOrBadField<PlatformRecurrentFields> {
  const attitude = readQuaternion(view, offset + 6);
  if (!isUnitQuaternion(attitude)) return badField('attitude', 'quaternion norm is not 1 within 1e-3');
  const flags = view.getUint8(offset + 34);
  const programme = PROGRAMMES[view.getUint8(offset + 35)];
  if (programme === undefined) return badField('programme', `unknown value ${view.getUint8(offset + 35)}`);
  return {
    attitudeTime: readCucIso(view, offset),
    attitude,
    positionM: readPositionM(view, offset + 22),
    inSaa: (flags & 0x01) !== 0,
    slewing: (flags & 0x02) !== 0,
    eclairsOn: (flags & 0x04) !== 0,
    mxtOn: (flags & 0x08) !== 0,
    vtOn: (flags & 0x10) !== 0,
    grmOn: (flags & 0x20) !== 0,
    programme,
    observationId: view.getUint32(offset + 36),
  };
}

/** @throws VhfEncodeError on a value the payload cannot carry */
export function encodePlatformRecurrentPayload(fields: PlatformRecurrentInput): Uint8Array {
  const bytes = new Uint8Array(PLATFORM_RECURRENT_PAYLOAD_BYTES);
  const view = new DataView(bytes.buffer);
  writeCuc(view, 0, fields.attitudeTime, 'attitudeTime');
  writeQuaternion(view, 6, fields.attitude, 'attitude');
  writePositionM(view, 22, fields.positionM, 'positionM');
  const flags =
    (fields.inSaa ? 0x01 : 0) |
    (fields.slewing ? 0x02 : 0) |
    (fields.eclairsOn ? 0x04 : 0) |
    (fields.mxtOn ? 0x08 : 0) |
    (fields.vtOn ? 0x10 : 0) |
    (fields.grmOn ? 0x20 : 0);
  view.setUint8(34, flags);
  view.setUint8(35, enumToWire(PROGRAMMES, fields.programme, 'programme'));
  writeUint(view, 36, 4, fields.observationId, 'observationId');
  return bytes;
}
