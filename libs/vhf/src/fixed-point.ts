/**
 * Readers and writers of the ICD-VHF encodings (section 2): angle24, lat24, quat, pos, cuc,
 * and scaled unsigned integers. Readers never throw on in-bounds offsets; writers throw
 * {@link VhfEncodeError} rather than write a value the decoder would read back differently.
 */
import { cucToIso, toCuc } from './cuc-time.js';
import type { TimeInput } from './cuc-time.js';
import { VhfEncodeError } from './encode-error.js';
// Types only (erased at run time): the codec shares @svom/astro's geometry, not its code.
import type { Quaternion, Vec3 } from '@svom/astro';

const TWO_POW_24 = 16777216;
const TWO_POW_23 = 8388608;
const TWO_POW_31 = 2147483648;
/** The ICD's tolerance on a quaternion's norm. */
export const QUATERNION_NORM_TOLERANCE = 1e-3;

export function readUint24(view: DataView, offset: number): number {
  return (view.getUint8(offset) << 16) | view.getUint16(offset + 1);
}

/** angle24: degrees = value × 360 / 2^24. */
export function readAngle24Deg(view: DataView, offset: number): number {
  return (readUint24(view, offset) * 360) / TWO_POW_24;
}

/** lat24: int24 two's complement, degrees = value × 90 / 2^23. */
export function readLat24Deg(view: DataView, offset: number): number {
  const raw = readUint24(view, offset);
  return (((raw << 8) >> 8) * 90) / TWO_POW_23;
}

export function readQuaternion(view: DataView, offset: number): Quaternion {
  return [
    view.getInt32(offset) / TWO_POW_31,
    view.getInt32(offset + 4) / TWO_POW_31,
    view.getInt32(offset + 8) / TWO_POW_31,
    view.getInt32(offset + 12) / TWO_POW_31,
  ];
}

/** Whether a quaternion's norm is 1 within the ICD tolerance. */
export function isUnitQuaternion(q: readonly number[]): boolean {
  const norm = Math.hypot(q[0] ?? 0, q[1] ?? 0, q[2] ?? 0, q[3] ?? 0);
  return Math.abs(norm - 1) <= QUATERNION_NORM_TOLERANCE;
}

/** Satellite position in metres, geocentric, ICRS-aligned axes (GCRS). */
export function readPositionM(view: DataView, offset: number): Vec3 {
  return [view.getInt32(offset), view.getInt32(offset + 4), view.getInt32(offset + 8)];
}

/** A cuc as ISO 8601 with milliseconds. */
export function readCucIso(view: DataView, offset: number): string {
  return cucToIso(view.getUint32(offset), view.getUint16(offset + 4));
}

// ---- writers ----

function checkFinite(value: number, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new VhfEncodeError('VHF_FIELD_RANGE', field, `not a finite number: ${String(value)}`);
  }
}

/** Writes `round(value × scale)` as an unsigned integer of `bytes` bytes (1, 2 or 4). */
export function writeScaledUint(
  view: DataView,
  offset: number,
  bytes: 1 | 2 | 4,
  value: number,
  scale: number,
  field: string,
): void {
  checkFinite(value, field);
  const raw = Math.round(value * scale);
  const max = bytes === 4 ? 0xffffffff : bytes === 2 ? 0xffff : 0xff;
  if (raw < 0 || raw > max) {
    throw new VhfEncodeError('VHF_FIELD_RANGE', field, `${value} outside 0..${max / scale}`);
  }
  if (bytes === 1) view.setUint8(offset, raw);
  else if (bytes === 2) view.setUint16(offset, raw);
  else view.setUint32(offset, raw);
}

export function writeUint24(view: DataView, offset: number, raw: number): void {
  view.setUint8(offset, (raw >>> 16) & 0xff);
  view.setUint16(offset + 1, raw & 0xffff);
}

/** angle24 of any angle in degrees, taken modulo 360. */
export function writeAngle24Deg(view: DataView, offset: number, deg: number, field: string): void {
  checkFinite(deg, field);
  const raw = Math.round((deg * TWO_POW_24) / 360);
  writeUint24(view, offset, ((raw % TWO_POW_24) + TWO_POW_24) % TWO_POW_24);
}

/** lat24 of a latitude in [-90, 90]; +90 is written as the largest value, 90 − 1.07e-5 deg. */
export function writeLat24Deg(view: DataView, offset: number, deg: number, field: string): void {
  checkFinite(deg, field);
  if (deg < -90 || deg > 90) throw new VhfEncodeError('VHF_FIELD_RANGE', field, `${deg} outside -90..90`);
  const raw = Math.min(TWO_POW_23 - 1, Math.round((deg * TWO_POW_23) / 90));
  writeUint24(view, offset, raw & 0xffffff);
}

/** quat; a component of exactly 1 is written as the largest int32 (1 − 4.7e-10). */
export function writeQuaternion(view: DataView, offset: number, q: readonly number[], field: string): void {
  if (q.length !== 4) throw new VhfEncodeError('VHF_FIELD_RANGE', field, 'needs 4 components');
  for (let i = 0; i < 4; i++) checkFinite(q[i] as number, field);
  if (!isUnitQuaternion(q)) throw new VhfEncodeError('VHF_FIELD_RANGE', field, 'norm is not 1 within 1e-3');
  for (let i = 0; i < 4; i++) {
    const raw = Math.round((q[i] as number) * TWO_POW_31);
    view.setInt32(offset + 4 * i, Math.max(-TWO_POW_31, Math.min(TWO_POW_31 - 1, raw)));
  }
}

/** pos, rounded to the metre. */
export function writePositionM(view: DataView, offset: number, p: readonly number[], field: string): void {
  if (p.length !== 3) throw new VhfEncodeError('VHF_FIELD_RANGE', field, 'needs 3 components');
  for (let i = 0; i < 3; i++) {
    const value = p[i] as number;
    checkFinite(value, field);
    const raw = Math.round(value);
    if (raw < -TWO_POW_31 || raw > TWO_POW_31 - 1) {
      throw new VhfEncodeError('VHF_FIELD_RANGE', field, `${value} m outside int32`);
    }
    view.setInt32(offset + 4 * i, raw);
  }
}

export function writeCuc(view: DataView, offset: number, time: TimeInput, field: string): void {
  const cuc = toCuc(time, field);
  view.setUint32(offset, cuc.seconds);
  view.setUint16(offset + 4, cuc.subseconds);
}

/** Writes a float32; refuses values that are not finite, since JSON cannot carry them. */
export function writeFloat32(view: DataView, offset: number, value: number, field: string): void {
  checkFinite(value, field);
  if (Math.abs(value) > 3.4028234663852886e38) {
    throw new VhfEncodeError('VHF_FIELD_RANGE', field, `${value} overflows float32`);
  }
  view.setFloat32(offset, value);
}

/** The wire value of an enum member (its index in `values`). */
export function enumToWire<T>(values: readonly T[], value: T, field: string): number {
  const index = values.indexOf(value);
  if (index < 0) {
    throw new VhfEncodeError(
      'VHF_FIELD_RANGE',
      field,
      `unknown value ${String(value)}, expected one of ${values.join(', ')}`,
    );
  }
  return index;
}

/** Writes an unsigned integer of `bytes` bytes; refuses fractions rather than round an id. */
export function writeUint(view: DataView, offset: number, bytes: 1 | 2 | 4, value: number, field: string): void {
  if (!Number.isInteger(value)) {
    throw new VhfEncodeError('VHF_FIELD_RANGE', field, `not an integer: ${String(value)}`);
  }
  writeScaledUint(view, offset, bytes, value, 1, field);
}
