/** docs/ICD-VHF.md §4.2: ECLAIRs alert (APID 0x320, type 1), first (count 0) and refined. */
import type { TimeInput } from './cuc-time.js';
import { badField } from './field-error.js';
import type { FieldsOrBadField } from './field-error.js';
import {
  enumToWire,
  isUnitQuaternion,
  readAngle24Deg,
  readCucIso,
  readPositionM,
  readQuaternion,
  writeAngle24Deg,
  writeCuc,
  writePositionM,
  writeQuaternion,
  writeScaledUint,
  writeUint,
} from './fixed-point.js';
import type { Quaternion, Vec3 } from '@svom/astro';
import { VhfEncodeError } from './encode-error.js';

/** How ECLAIRs triggered: on a count-rate increase or in an image. */
export type EclairsTriggerType = 'count-rate' | 'image';
const TRIGGER_TYPES: readonly EclairsTriggerType[] = ['count-rate', 'image'];

/** Decoded ECLAIRs alert. Angles are in the body frame (ICD section 2). */
export interface EclairsAlertFields {
  /** One per trigger, shared by every later message of the burst. */
  alertSequenceId: number;
  /** 0 for the first alert, then 1, 2, ... for refined ones. */
  messageCount: number;
  triggerTime: string;
  /** Off-axis angle from body +X, 0 to 180. */
  thetaDeg: number;
  /** Azimuth from body +Y towards +Z, 0 to 360. */
  phiDeg: number;
  r90Arcmin: number;
  snr: number;
  timescaleS: number;
  /** [lower, upper]. */
  energyKeV: [number, number];
  triggerType: EclairsTriggerType;
  slewRequested: boolean;
  /** On-board catalogue id, 0 when no known source. */
  catalogId: number;
  /** Attitude at T0. */
  attitude: Quaternion;
  /** Satellite position at T0. */
  positionM: Vec3;
}

/** What {@link encodeEclairsAlertPayload} takes: the decoded fields, any time form. */
export type EclairsAlertInput = Omit<EclairsAlertFields, 'triggerTime' | 'attitude' | 'positionM' | 'energyKeV'> & {
  triggerTime: TimeInput;
  energyKeV: readonly [number, number];
  attitude: readonly number[];
  positionM: readonly number[];
};

export const ECLAIRS_ALERT_PAYLOAD_BYTES = 57;

export function decodeEclairsAlertPayload(view: DataView, offset: number): FieldsOrBadField<EclairsAlertFields> {
  const thetaDeg = readAngle24Deg(view, offset + 11);
  if (thetaDeg > 180) return badField('thetaDeg', `${thetaDeg} is over 180`);
  const lowerKeV = view.getUint8(offset + 23);
  const upperKeV = view.getUint8(offset + 24);
  if (lowerKeV > upperKeV) return badField('energyKeV', `lower ${lowerKeV} above upper ${upperKeV}`);
  const triggerType = TRIGGER_TYPES[view.getUint8(offset + 25)];
  if (triggerType === undefined) return badField('triggerType', `unknown value ${view.getUint8(offset + 25)}`);
  const attitude = readQuaternion(view, offset + 29);
  if (!isUnitQuaternion(attitude)) return badField('attitude', 'quaternion norm is not 1 within 1e-3');
  return {
    alertSequenceId: view.getUint32(offset),
    messageCount: view.getUint8(offset + 4),
    triggerTime: readCucIso(view, offset + 5),
    thetaDeg,
    phiDeg: readAngle24Deg(view, offset + 14),
    r90Arcmin: view.getUint16(offset + 17) / 100,
    snr: view.getUint16(offset + 19) / 100,
    timescaleS: view.getUint16(offset + 21) / 100,
    energyKeV: [lowerKeV, upperKeV],
    triggerType,
    slewRequested: (view.getUint8(offset + 26) & 0x01) !== 0,
    catalogId: view.getUint16(offset + 27),
    attitude,
    positionM: readPositionM(view, offset + 45),
  };
}

/** @throws VhfEncodeError on a value the payload cannot carry */
export function encodeEclairsAlertPayload(fields: EclairsAlertInput): Uint8Array {
  const bytes = new Uint8Array(ECLAIRS_ALERT_PAYLOAD_BYTES);
  const view = new DataView(bytes.buffer);
  writeUint(view, 0, 4, fields.alertSequenceId, 'alertSequenceId');
  writeUint(view, 4, 1, fields.messageCount, 'messageCount');
  writeCuc(view, 5, fields.triggerTime, 'triggerTime');
  if (!(fields.thetaDeg >= 0 && fields.thetaDeg <= 180)) {
    throw new VhfEncodeError('VHF_FIELD_RANGE', 'thetaDeg', `${fields.thetaDeg} outside 0..180`);
  }
  writeAngle24Deg(view, 11, fields.thetaDeg, 'thetaDeg');
  writeAngle24Deg(view, 14, fields.phiDeg, 'phiDeg');
  writeScaledUint(view, 17, 2, fields.r90Arcmin, 100, 'r90Arcmin');
  writeScaledUint(view, 19, 2, fields.snr, 100, 'snr');
  writeScaledUint(view, 21, 2, fields.timescaleS, 100, 'timescaleS');
  writeEnergyBand(view, 23, 1, fields.energyKeV);
  view.setUint8(25, enumToWire(TRIGGER_TYPES, fields.triggerType, 'triggerType'));
  view.setUint8(26, fields.slewRequested ? 0x01 : 0);
  writeUint(view, 27, 2, fields.catalogId, 'catalogId');
  writeQuaternion(view, 29, fields.attitude, 'attitude');
  writePositionM(view, 45, fields.positionM, 'positionM');
  return bytes;
}

/** Writes [lower, upper] keV as two unsigned integers of `bytes` bytes; refuses lower > upper. */
export function writeEnergyBand(view: DataView, offset: number, bytes: 1 | 2, band: readonly [number, number]): void {
  if (!(band[0] <= band[1])) {
    throw new VhfEncodeError('VHF_FIELD_RANGE', 'energyKeV', `lower ${band[0]} above upper ${band[1]}`);
  }
  writeUint(view, offset, bytes, band[0], 'energyKeV');
  writeUint(view, offset + bytes, bytes, band[1], 'energyKeV');
}
