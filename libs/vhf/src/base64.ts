/**
 * Strict base64 (RFC 4648 section 4, with padding). Node's `Buffer.from(s, 'base64')` skips
 * characters outside the alphabet and accepts missing padding, so a damaged reception could
 * pass as a different frame; here any such string is refused.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;
const PAD = 61; // '='

/**
 * Why `text` is not strict padded base64, or null when it is. Rejects characters outside the
 * alphabet (whitespace included), a length not a multiple of 4, misplaced or excess padding,
 * and non-zero bits under the padding (a non-canonical encoding).
 */
export function base64Error(text: string): string | null {
  const length = text.length;
  if (length % 4 !== 0) return `length ${length} is not a multiple of 4`;
  let pad = 0;
  if (length > 0 && text.charCodeAt(length - 1) === PAD) pad = text.charCodeAt(length - 2) === PAD ? 2 : 1;
  for (let i = 0; i < length - pad; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || VALUES[code] === -1) {
      return code === PAD
        ? `padding inside the text at ${i}`
        : `character ${JSON.stringify(text[i])} at ${i} is not base64`;
    }
  }
  if (pad > 0) {
    // The bits of the last data character that fall under the padding must be zero.
    const last = VALUES[text.charCodeAt(length - pad - 1)]!;
    if ((pad === 1 && (last & 0x03) !== 0) || (pad === 2 && (last & 0x0f) !== 0)) {
      return 'non-zero bits under the padding';
    }
  }
  return null;
}

/** Decoded length of a string that passed {@link base64Error}. */
export function base64DecodedLength(text: string): number {
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - pad;
}

/** Decodes a string that passed {@link base64Error}. */
export function decodeCheckedBase64(text: string): Uint8Array {
  const out = new Uint8Array(base64DecodedLength(text));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const a = VALUES[text.charCodeAt(i)]!;
    const b = VALUES[text.charCodeAt(i + 1)]!;
    const c = VALUES[text.charCodeAt(i + 2)] ?? -1;
    const d = VALUES[text.charCodeAt(i + 3)] ?? -1;
    const word = (a << 18) | (b << 12) | ((c & 0x3f) << 6) | (d & 0x3f);
    out[o++] = (word >>> 16) & 0xff;
    if (c >= 0 && o < out.length) out[o++] = (word >>> 8) & 0xff;
    if (d >= 0 && o < out.length) out[o++] = word & 0xff;
  }
  return out;
}

/** Standard padded base64 of bytes (no Buffer, so the codec also runs in a browser). */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const word = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[word >>> 18]! + ALPHABET[(word >>> 12) & 63]! + ALPHABET[(word >>> 6) & 63]! + ALPHABET[word & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const word = bytes[i]! << 16;
    out += ALPHABET[word >>> 18]! + ALPHABET[(word >>> 12) & 63]! + '==';
  } else if (rest === 2) {
    const word = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[word >>> 18]! + ALPHABET[(word >>> 12) & 63]! + ALPHABET[(word >>> 6) & 63]! + '=';
  }
  return out;
}
