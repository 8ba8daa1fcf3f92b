/** APIDs and message types of docs/ICD-VHF.md §3. */

/** Which instrument (or the platform) made a packet; a NATS subject token. */
export type PacketSource = 'platform' | 'eclairs' | 'grm' | 'mxt' | 'vt';

/** The message a packet carries; a NATS subject token. */
export type MessageName = 'recurrent' | 'alert' | 'slew-status' | 'light-curve' | 'trigger' | 'position' | 'candidates';

/** The APID of each source. */
export const APIDS: Readonly<Record<PacketSource, number>> = {
  platform: 0x310,
  eclairs: 0x320,
  grm: 0x330,
  mxt: 0x340,
  vt: 0x350,
};

/** One message of the catalogue. */
export interface MessageSpec {
  readonly apid: number;
  readonly source: PacketSource;
  readonly messageType: number;
  readonly message: MessageName;
  /** Fixed payload size, or null when it depends on the content (light curve, VT). */
  readonly payloadBytes: number | null;
  /** Whether the message may span several frames (only the light curve). */
  readonly multiFrame: boolean;
}

function spec(
  source: PacketSource,
  messageType: number,
  message: MessageName,
  payloadBytes: number | null,
  multiFrame = false,
): MessageSpec {
  return Object.freeze({ apid: APIDS[source], source, messageType, message, payloadBytes, multiFrame });
}

/** Every message of ICD-VHF v1, in the order of section 3. */
export const MESSAGE_SPECS: readonly MessageSpec[] = Object.freeze([
  spec('platform', 1, 'recurrent', 40),
  spec('eclairs', 1, 'alert', 57),
  spec('eclairs', 2, 'slew-status', 12),
  spec('eclairs', 3, 'light-curve', null, true),
  spec('grm', 1, 'trigger', 47),
  spec('mxt', 1, 'position', 30),
  spec('vt', 1, 'candidates', null),
]);

// Lookup tables indexed by APID - 0x310 (one slot per 0x10) and type, so the decoder does no
// hashing per frame.
const BY_APID = new Map<number, readonly (MessageSpec | undefined)[]>();
for (const s of MESSAGE_SPECS) {
  const types = (BY_APID.get(s.apid) ?? []) as (MessageSpec | undefined)[];
  types[s.messageType] = s;
  BY_APID.set(s.apid, types);
}

/** The source of an APID, or undefined for an APID the ICD does not define. */
export function sourceOfApid(apid: number): PacketSource | undefined {
  return BY_APID.get(apid)?.find((s) => s !== undefined)?.source;
}

/** Whether the ICD defines this APID. */
export function isKnownApid(apid: number): boolean {
  return BY_APID.has(apid);
}

/** The spec of (APID, message type), or undefined when either is unknown. */
export function messageSpecOf(apid: number, messageType: number): MessageSpec | undefined {
  return BY_APID.get(apid)?.[messageType];
}

/** The spec of a message by name (names are unique across sources in ICD v1). */
export function messageSpecOfName(message: MessageName): MessageSpec {
  // Every MessageName has exactly one spec, so the find cannot fail.
  return MESSAGE_SPECS.find((s) => s.message === message) as MessageSpec;
}
