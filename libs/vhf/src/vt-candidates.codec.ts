/** docs/ICD-VHF.md §4.7: VT afterglow candidates (APID 0x350, type 1). */
import type { TimeInput } from './cuc-time.js';
import { badField } from './field-error.js';
import type { FieldsOrBadField } from './field-error.js';
import {
  readAngle24Deg,
  readCucIso,
  readLat24Deg,
  writeAngle24Deg,
  writeCuc,
  writeLat24Deg,
  writeScaledUint,
  writeUint,
} from './fixed-point.js';
import { VhfEncodeError } from './encode-error.js';

/** One VT candidate. */
export interface VtCandidate {
  raDeg: number;
  decDeg: number;
  rMag: number;
  /** null when not detected in B (0xFFFF on the wire). */
  bMag: number | null;
  errorArcsec: number;
}

/** Decoded VT candidates. */
export interface VtCandidatesFields {
  alertSequenceId: number;
  time: string;
  candidates: VtCandidate[];
}

/** What {@link encodeVtCandidatesPayload} takes. */
export type VtCandidatesInput = Omit<VtCandidatesFields, 'time' | 'candidates'> & {
  time: TimeInput;
  candidates: readonly VtCandidate[];
};

export const VT_HEADER_BYTES = 11;
export const VT_CANDIDATE_BYTES = 12;
/** The ICD allows 0 to 10 candidates. */
export const VT_MAX_CANDIDATES = 10;
const B_NOT_DETECTED = 0xffff;

/** The `PAYLOAD_SIZE` detail when `length` bytes cannot be these candidates, else null. */
export function vtCandidatesSizeError(view: DataView, offset: number, length: number): string | null {
  if (length < VT_HEADER_BYTES)
    return `VT payload of ${length} bytes is shorter than its ${VT_HEADER_BYTES}-byte header`;
  const expected = VT_HEADER_BYTES + VT_CANDIDATE_BYTES * view.getUint8(offset + 10);
  return length === expected ? null : `VT payload is ${length} bytes, its count announces ${expected}`;
}

export function decodeVtCandidatesPayload(view: DataView, offset: number): FieldsOrBadField<VtCandidatesFields> {
  const count = view.getUint8(offset + 10);
  if (count > VT_MAX_CANDIDATES) return badField('candidates', `count ${count} is over ${VT_MAX_CANDIDATES}`);
  const candidates = new Array<VtCandidate>(count);
  for (let i = 0, at = offset + VT_HEADER_BYTES; i < count; i++, at += VT_CANDIDATE_BYTES) {
    const bRaw = view.getUint16(at + 8);
    candidates[i] = {
      raDeg: readAngle24Deg(view, at),
      decDeg: readLat24Deg(view, at + 3),
      rMag: view.getUint16(at + 6) / 100,
      bMag: bRaw === B_NOT_DETECTED ? null : bRaw / 100,
      errorArcsec: view.getUint16(at + 10) / 100,
    };
  }
  return { alertSequenceId: view.getUint32(offset), time: readCucIso(view, offset + 4), candidates };
}

/** @throws VhfEncodeError on more than 10 candidates or a value the payload cannot carry */
export function encodeVtCandidatesPayload(fields: VtCandidatesInput): Uint8Array {
  const count = fields.candidates.length;
  if (count > VT_MAX_CANDIDATES) {
    throw new VhfEncodeError('VHF_FIELD_RANGE', 'candidates', `${count} is over ${VT_MAX_CANDIDATES}`);
  }
  const bytes = new Uint8Array(VT_HEADER_BYTES + VT_CANDIDATE_BYTES * count);
  const view = new DataView(bytes.buffer);
  writeUint(view, 0, 4, fields.alertSequenceId, 'alertSequenceId');
  writeCuc(view, 4, fields.time, 'time');
  view.setUint8(10, count);
  let at = VT_HEADER_BYTES;
  for (const c of fields.candidates) {
    writeAngle24Deg(view, at, c.raDeg, 'candidates.raDeg');
    writeLat24Deg(view, at + 3, c.decDeg, 'candidates.decDeg');
    writeScaledUint(view, at + 6, 2, c.rMag, 100, 'candidates.rMag');
    if (c.bMag === null) view.setUint16(at + 8, B_NOT_DETECTED);
    else if (Math.round(c.bMag * 100) === B_NOT_DETECTED) {
      throw new VhfEncodeError('VHF_FIELD_RANGE', 'candidates.bMag', '655.35 is reserved for "not detected"');
    } else writeScaledUint(view, at + 8, 2, c.bMag, 100, 'candidates.bMag');
    writeScaledUint(view, at + 10, 2, c.errorArcsec, 100, 'candidates.errorArcsec');
    at += VT_CANDIDATE_BYTES;
  }
  return bytes;
}
