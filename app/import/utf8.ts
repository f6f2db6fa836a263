/**
 * Strict UTF-8 for import files: a byte sequence that is not UTF-8 is refused with the line it is
 * on, never decoded to U+FFFD and stored (issue 14 item 8). Validation on the happy path is
 * node:buffer isUtf8 (one native pass, no extra string); only a bad chunk is scanned byte by byte
 * to find where it goes wrong.
 */
import { isUtf8 } from "node:buffer";

export class InvalidUtf8Error extends Error {
  constructor(
    /** 1-based line holding the first bad byte. */
    readonly line: number,
    /** 1-based byte column on that line. */
    readonly column: number,
    readonly byte: number,
  ) {
    super(`invalid UTF-8 (byte 0x${byte.toString(16).padStart(2, "0")} at byte ${column} of the line); save the file as UTF-8`);
  }
}

export const validUtf8 = (bytes: Uint8Array): boolean => isUtf8(bytes);

/**
 * The offset of the first byte that does not start or continue a well-formed sequence (WHATWG
 * / Unicode "maximal subpart" rules: no overlongs, no surrogates, nothing above U+10FFFF), or -1.
 * A sequence cut off by the end of `bytes` counts as bad unless `partialEnd`; then its start is
 * returned as `incomplete` so a streaming caller can carry it into the next chunk.
 */
export function firstInvalidUtf8(bytes: Uint8Array, partialEnd = false): { bad: number; incomplete: number } {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return { bad: i, incomplete: -1 };
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return partialEnd ? { bad: -1, incomplete: i } : { bad: i, incomplete: -1 };
      const c = bytes[i + k];
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return { bad: i, incomplete: -1 };
    }
    i += need + 1;
  }
  return { bad: -1, incomplete: -1 };
}

/** The error for a bad byte at `offset` of `bytes`, whose first byte is on line `firstLine`. */
export function utf8ErrorAt(bytes: Uint8Array, offset: number, firstLine: number): InvalidUtf8Error {
  let line = firstLine;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return new InvalidUtf8Error(line, offset - lineStart + 1, bytes[offset]);
}

/**
 * A streaming strict decoder: decode(chunk) returns the text of every complete character so far
 * and keeps a sequence split across the chunk boundary for the next call; end() refuses one left
 * unfinished. Throws InvalidUtf8Error naming the line (counted across chunks).
 */
export class StrictUtf8Decoder {
  private carry: Uint8Array | null = null;
  private line = 1;
  private readonly decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

  decode(chunk: Uint8Array): string {
    let bytes = chunk;
    if (this.carry) {
      const joined = new Uint8Array(this.carry.length + chunk.length);
      joined.set(this.carry);
      joined.set(chunk, this.carry.length);
      bytes = joined;
      this.carry = null;
    }
    // Most chunks are whole, valid text: one native check, no byte loop.
    const { bad, incomplete } = isUtf8(bytes) ? { bad: -1, incomplete: -1 } : firstInvalidUtf8(bytes, true);
    if (bad >= 0) throw utf8ErrorAt(bytes, bad, this.line);
    const whole = incomplete >= 0 ? bytes.subarray(0, incomplete) : bytes;
    if (incomplete >= 0) this.carry = bytes.slice(incomplete);
    for (let i = 0; i < whole.length; i++) if (whole[i] === 0x0a) this.line++;
    return this.decoder.decode(whole, { stream: true });
  }

  end(): void {
    if (this.carry) throw utf8ErrorAt(this.carry, 0, this.line);
  }
}
