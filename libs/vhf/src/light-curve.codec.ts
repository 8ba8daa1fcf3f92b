/**
 * docs/ICD-VHF.md §4.4: ECLAIRs light curve (APID 0x320, type 3). Its payload usually spans several
 * frames; this codec works on the joined payload (see reassembly.ts).
 */
import type { TimeInput } from './cuc-time.js';
import { readCucIso, writeCuc, writeUint } from './fixed-point.js';
import { reject } from './rejection-codes.js';
import type { Rejection } from './rejection-codes.js';
import { VhfEncodeError } from './encode-error.js';

/** Decoded light curve. */
export interface LightCurveFields {
  alertSequenceId: number;
  /** Start of the first bin. */
  start: string;
  binMs: number;
  bins: number;
  bands: number;
  /** `counts[bin][band]`, bin-major as on the wire. */
  counts: number[][];
}

/** What {@link encodeLightCurvePayload} takes; `bins` and `bands` are taken from `counts`. */
export interface LightCurveInput {
  alertSequenceId: number;
  start: TimeInput;
  binMs: number;
  counts: readonly (readonly number[])[];
}

/** Result of {@link decodeLightCurve}. */
export type LightCurveResult = { readonly ok: true; readonly fields: LightCurveFields } | Rejection;

/** Bytes before the counts: id, start, bin width, bins, bands. */
export const LIGHT_CURVE_HEADER_BYTES = 15;

/** The `PAYLOAD_SIZE` detail when `length` bytes cannot be this light curve, else null. */
export function lightCurveSizeError(view: DataView, offset: number, length: number): string | null {
  if (length < LIGHT_CURVE_HEADER_BYTES) {
    return `light curve payload of ${length} bytes is shorter than its ${LIGHT_CURVE_HEADER_BYTES}-byte header`;
  }
  const expected = LIGHT_CURVE_HEADER_BYTES + 2 * view.getUint16(offset + 12) * view.getUint8(offset + 14);
  return length === expected ? null : `light curve payload is ${length} bytes, its header announces ${expected}`;
}

/** Decodes a light curve whose size was checked by {@link lightCurveSizeError}. */
export function decodeLightCurvePayload(view: DataView, offset: number): LightCurveFields {
  const bins = view.getUint16(offset + 12);
  const bands = view.getUint8(offset + 14);
  const counts: number[][] = new Array<number[]>(bins);
  let at = offset + LIGHT_CURVE_HEADER_BYTES;
  for (let bin = 0; bin < bins; bin++) {
    const row = new Array<number>(bands);
    for (let band = 0; band < bands; band++, at += 2) row[band] = view.getUint16(at);
    counts[bin] = row;
  }
  return {
    alertSequenceId: view.getUint32(offset),
    start: readCucIso(view, offset + 4),
    binMs: view.getUint16(offset + 10),
    bins,
    bands,
    counts,
  };
}

/**
 * Decodes the joined payload of a light curve (ICD 4.4). Never throws.
 * @returns the fields, or a `PAYLOAD_SIZE` rejection when the size does not match its header
 */
export function decodeLightCurve(payload: Uint8Array): LightCurveResult {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const sizeError = lightCurveSizeError(view, 0, payload.byteLength);
  if (sizeError !== null) return reject('PAYLOAD_SIZE', sizeError);
  return { ok: true, fields: decodeLightCurvePayload(view, 0) };
}

/**
 * Encodes a whole light curve payload; split it into frames with `encodeMultiFrame`.
 * @throws VhfEncodeError when a row's band count differs or a value does not fit
 */
export function encodeLightCurvePayload(fields: LightCurveInput): Uint8Array {
  const bins = fields.counts.length;
  const bands = fields.counts[0]?.length ?? 0;
  const bytes = new Uint8Array(LIGHT_CURVE_HEADER_BYTES + 2 * bins * bands);
  const view = new DataView(bytes.buffer);
  writeUint(view, 0, 4, fields.alertSequenceId, 'alertSequenceId');
  writeCuc(view, 4, fields.start, 'start');
  writeUint(view, 10, 2, fields.binMs, 'binMs');
  writeUint(view, 12, 2, bins, 'bins');
  writeUint(view, 14, 1, bands, 'bands');
  let at = LIGHT_CURVE_HEADER_BYTES;
  for (const row of fields.counts) {
    if (row.length !== bands) {
      throw new VhfEncodeError('VHF_FIELD_RANGE', 'counts', `every bin needs ${bands} bands, one has ${row.length}`);
    }
    for (const count of row) {
      writeUint(view, at, 2, count, 'counts');
      at += 2;
    }
  }
  return bytes;
}
