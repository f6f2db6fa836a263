/**
 * Whole lines of a UTF-8 file, a batch per read chunk. The file is read a chunk of bytes at a
 * time and cut at the chunk's last "\n" byte before decoding, so a multi-byte character is never
 * split and no stream or decoder sits in between: one promise per chunk, none per line, and
 * memory bounded by the chunk (plus the longest line) whatever the file's size. Lines end at
 * "\n"; a "\r" before it is dropped; a final line without "\n" still counts; a byte-order mark is
 * dropped.
 */
import { open } from "node:fs/promises";

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
      carry = last + 1 < bytes.length ? bytes.subarray(last + 1) : null;
      let text = bytes.toString("utf8", 0, last);
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      yield text;
    }
    if (carry) {
      let rest = carry.toString("utf8");
      if (first && rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
      // A file of nothing but a byte-order mark has no line.
      if (rest !== "") yield rest;
    }
  } finally {
    await handle.close();
  }
}

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
