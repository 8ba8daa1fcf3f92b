/** docs/ICD-VHF.md §4.3: ECLAIRs slew status (APID 0x320, type 2). */
import type { TimeInput } from './cuc-time.js';
import { badField } from './field-error.js';
import type { FieldsOrBadField } from './field-error.js';
import { enumToWire, readCucIso, writeCuc, writeUint } from './fixed-point.js';

/** What the platform decided about the slew ECLAIRs requested. */
export type SlewStatus = 'accepted' | 'rejected' | 'not-requested';
/** Why a slew was rejected (`none` when it was not). */
export type SlewReason = 'none' | 'earth' | 'sun' | 'saa' | 'higher-priority' | 'other';

const STATUSES: readonly SlewStatus[] = ['accepted', 'rejected', 'not-requested'];
const REASONS: readonly SlewReason[] = ['none', 'earth', 'sun', 'saa', 'higher-priority', 'other'];

/** Decoded slew status. */
export interface SlewStatusFields {
  alertSequenceId: number;
  status: SlewStatus;
  reason: SlewReason;
  /** Slew start, or decision time when there is no slew. */
  time: string;
}

/** What {@link encodeSlewStatusPayload} takes. */
export type SlewStatusInput = Omit<SlewStatusFields, 'time'> & { time: TimeInput };

export const SLEW_STATUS_PAYLOAD_BYTES = 12;

export function decodeSlewStatusPayload(view: DataView, offset: number): FieldsOrBadField<SlewStatusFields> {
  const status = STATUSES[view.getUint8(offset + 4)];
  if (status === undefined) return badField('status', `unknown value ${view.getUint8(offset + 4)}`);
  const reason = REASONS[view.getUint8(offset + 5)];
  if (reason === undefined) return badField('reason', `unknown value ${view.getUint8(offset + 5)}`);
  return { alertSequenceId: view.getUint32(offset), status, reason, time: readCucIso(view, offset + 6) };
}

/** @throws VhfEncodeError on a value the payload cannot carry */
export function encodeSlewStatusPayload(fields: SlewStatusInput): Uint8Array {
  const bytes = new Uint8Array(SLEW_STATUS_PAYLOAD_BYTES);
  const view = new DataView(bytes.buffer);
  writeUint(view, 0, 4, fields.alertSequenceId, 'alertSequenceId');
  view.setUint8(4, enumToWire(STATUSES, fields.status, 'status'));
  view.setUint8(5, enumToWire(REASONS, fields.reason, 'reason'));
  writeCuc(view, 6, fields.time, 'time');
  return bytes;
}
