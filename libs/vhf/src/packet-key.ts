/**
 * The packet key of ICD section 5 (APID, sequence count, OBT) as a compact, stable string:
 * `AAAA-CCCCC-OOOOOOOOOOOO`, APID in 4 lower-case hex digits, sequence count in 5 decimal
 * digits, and the 6 OBT bytes (cuc) in 12 lower-case hex digits, e.g. `0320-01201-112490e99aa0`.
 * It uses the exact cuc, not the millisecond ISO time, so two packets a few 1/65536 s apart
 * never share a key. It sorts by APID then count, and is safe as a NATS message id.
 */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

const KEY_PATTERN = /^([0-9a-f]{4})-([0-9]{5})-([0-9a-f]{8})([0-9a-f]{4})$/;

/** The packet key of a packet. */
export function packetKey(apid: number, sequenceCount: number, obtSeconds: number, obtSubseconds: number): string {
  return (
    HEX[(apid >>> 8) & 0xff]! +
    HEX[apid & 0xff]! +
    '-' +
    String(sequenceCount).padStart(5, '0') +
    '-' +
    HEX[(obtSeconds >>> 24) & 0xff]! +
    HEX[(obtSeconds >>> 16) & 0xff]! +
    HEX[(obtSeconds >>> 8) & 0xff]! +
    HEX[obtSeconds & 0xff]! +
    HEX[(obtSubseconds >>> 8) & 0xff]! +
    HEX[obtSubseconds & 0xff]!
  );
}

/** The parts of a packet key. */
export interface PacketKeyParts {
  apid: number;
  sequenceCount: number;
  obtSeconds: number;
  obtSubseconds: number;
}

/** The parts of a key made by {@link packetKey}, or null when `key` is not one. */
export function parsePacketKey(key: string): PacketKeyParts | null {
  const match = KEY_PATTERN.exec(key);
  if (match === null) return null;
  const sequenceCount = Number(match[2]);
  if (sequenceCount > 16383) return null;
  return {
    apid: parseInt(match[1]!, 16),
    sequenceCount,
    obtSeconds: parseInt(match[3]!, 16),
    obtSubseconds: parseInt(match[4]!, 16),
  };
}
