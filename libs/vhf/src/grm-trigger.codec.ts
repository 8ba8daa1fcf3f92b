/** docs/ICD-VHF.md §4.5: GRM trigger (APID 0x330, type 1). GRM gives no sky position. */
import type { TimeInput } from './cuc-time.js';
import { writeEnergyBand } from './eclairs-alert.codec.js';
import { badField } from './field-error.js';
import type { FieldsOrBadField } from './field-error.js';
import {
  isUnitQuaternion,
  readCucIso,
  readPositionM,
  readQuaternion,
  writeCuc,
  writePositionM,
  writeQuaternion,
  writeScaledUint,
  writeUint,
} from './fixed-point.js';
import type { Quaternion, Vec3 } from '@svom/astro';

/** Decoded GRM trigger. */
export interface GrmTriggerFields {
  grmTriggerId: number;
  triggerTime: string;
  snr: number;
  timescaleS: number;
  /** [GRD1, GRD2, GRD3] triggered. */
  triggeredGrds: [boolean, boolean, boolean];
  /** [lower, upper]. */
  energyKeV: [number, number];
  attitude: Quaternion;
  positionM: Vec3;
}

/** What {@link encodeGrmTriggerPayload} takes. */
export type GrmTriggerInput = Omit<
  GrmTriggerFields,
  'triggerTime' | 'attitude' | 'positionM' | 'energyKeV' | 'triggeredGrds'
> & {
  triggerTime: TimeInput;
  triggeredGrds: readonly [boolean, boolean, boolean];
  energyKeV: readonly [number, number];
  attitude: readonly number[];
  positionM: readonly number[];
};

export const GRM_TRIGGER_PAYLOAD_BYTES = 47;

export function decodeGrmTriggerPayload(view: DataView, offset: number): FieldsOrBadField<GrmTriggerFields> {
  const lowerKeV = view.getUint16(offset + 15);
  const upperKeV = view.getUint16(offset + 17);
  if (lowerKeV > upperKeV) return badField('energyKeV', `lower ${lowerKeV} above upper ${upperKeV}`);
  const attitude = readQuaternion(view, offset + 19);
  if (!isUnitQuaternion(attitude)) return badField('attitude', 'quaternion norm is not 1 within 1e-3');
  const grds = view.getUint8(offset + 14);
  return {
    grmTriggerId: view.getUint32(offset),
    triggerTime: readCucIso(view, offset + 4),
    snr: view.getUint16(offset + 10) / 100,
    timescaleS: view.getUint16(offset + 12) / 100,
    triggeredGrds: [(grds & 0x01) !== 0, (grds & 0x02) !== 0, (grds & 0x04) !== 0],
    energyKeV: [lowerKeV, upperKeV],
    attitude,
    positionM: readPositionM(view, offset + 35),
  };
}

/** @throws VhfEncodeError on a value the payload cannot carry */
export function encodeGrmTriggerPayload(fields: GrmTriggerInput): Uint8Array {
  const bytes = new Uint8Array(GRM_TRIGGER_PAYLOAD_BYTES);
  const view = new DataView(bytes.buffer);
  writeUint(view, 0, 4, fields.grmTriggerId, 'grmTriggerId');
  writeCuc(view, 4, fields.triggerTime, 'triggerTime');
  writeScaledUint(view, 10, 2, fields.snr, 100, 'snr');
  writeScaledUint(view, 12, 2, fields.timescaleS, 100, 'timescaleS');
  const [grd1, grd2, grd3] = fields.triggeredGrds;
  view.setUint8(14, (grd1 ? 0x01 : 0) | (grd2 ? 0x02 : 0) | (grd3 ? 0x04 : 0));
  writeEnergyBand(view, 15, 2, fields.energyKeV);
  writeQuaternion(view, 19, fields.attitude, 'attitude');
  writePositionM(view, 35, fields.positionM, 'positionM');
  return bytes;
}
