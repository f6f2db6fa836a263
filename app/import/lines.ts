/**
 * Whole lines of a UTF-8 file, a batch per read chunk. The file is read a chunk of bytes at a
 * time and cut at the chunk's last "\n" byte before decoding, so a multi-byte character is never
 * split and no stream or decoder sits in between: one promise per chunk, none per line, and
 * memory bounded by the chunk (plus the longest line) whatever the file's size. Lines end at
 * "\n"; a "\r" before it is dropped; a final line without "\n" still counts; a byte-order mark is
 * dropped. Bytes that are not UTF-8 throw InvalidUtf8Error naming the line (a "\n" byte never
 * occurs inside a multi-byte sequence, so cutting at one never splits a character).
 */
import { open } from "node:fs/promises";
import { InvalidUtf8Error, firstInvalidUtf8, utf8ErrorAt, validUtf8 } from "./utf8.ts";

const CHUNK = 1 << 16;
const NEWLINE = 0x0a;

/**
 * The file as decoded text, a chunk at a time, each chunk a run of whole lines (the "\n" between
 * them kept, the last one's dropped; "\r" kept). lineBatches splits them; a tokenizer may scan a
 * chunk directly and skip building a string per line.
 */
export async function* textChunks(path: string): AsyncGenerator<string> {
  const handle = await open(path, "r");
  try {
    let carry: Buffer | null = null;
    let first = true;
    let offset = 0; // the file offset of bytes[0]
    // Only for a bad chunk: the line it starts on, counted by reading the file up to it again.
    const refuse = async (bytes: Uint8Array, end: number): Promise<never> => {
      const bad = firstInvalidUtf8(bytes.subarray(0, end)).bad;
      throw utf8ErrorAt(bytes, bad, 1 + (await newlinesBefore(path, offset)));
    };
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK, null);
      if (bytesRead === 0) break;
      const read = chunk.subarray(0, bytesRead);
      const bytes: Buffer = carry ? Buffer.concat([carry, read]) : read;
      const last = bytes.lastIndexOf(NEWLINE);
      if (last < 0) {
        carry = bytes;
        continue;
      }
      if (!validUtf8(bytes.subarray(0, last))) await refuse(bytes, last);
      carry = last + 1 < bytes.length ? bytes.subarray(last + 1) : null;
      offset += last + 1;
      let text = bytes.toString("utf8", 0, last);
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      yield text;
    }
    if (carry) {
      if (!validUtf8(carry)) await refuse(carry, carry.length);
      let rest = carry.toString("utf8");
      if (first && rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
      // A file of nothing but a byte-order mark has no line.
      if (rest !== "") yield rest;
    }
  } finally {
    await handle.close();
  }
}

async function newlinesBefore(path: string, end: number): Promise<number> {
  const handle = await open(path, "r");
  try {
    let count = 0;
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let at = 0; at < end; ) {
      const { bytesRead } = await handle.read(buf, 0, Math.min(CHUNK, end - at), at);
      if (bytesRead === 0) break;
      for (let i = buf.indexOf(NEWLINE, 0); i >= 0 && i < bytesRead; i = buf.indexOf(NEWLINE, i + 1)) count++;
      at += bytesRead;
    }
    return count;
  } finally {
    await handle.close();
  }
}

export { InvalidUtf8Error };

export async function* lineBatches(path: string): AsyncGenerator<string[]> {
  for await (const text of textChunks(path)) {
    const parts = text.split("\n");
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (p.length > 0 && p.charCodeAt(p.length - 1) === 13) parts[i] = p.slice(0, -1);
    }
    yield parts;
  }
}

export async function* lines(path: string): AsyncGenerator<string> {
  for await (const batch of lineBatches(path)) yield* batch;
}
