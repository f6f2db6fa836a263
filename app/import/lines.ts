/**
 * Whole lines of a UTF-8 file, a batch per read chunk. Reading the stream directly (not readline's
 * async iterator, which buffers lines without limit and costs several promises per line) keeps
 * backpressure and costs one promise per chunk. Lines end at "\n"; a "\r" before it is dropped; a
 * final line without "\n" still counts; a byte-order mark is dropped.
 */
import { createReadStream } from "node:fs";

export async function* lineBatches(path: string): AsyncGenerator<string[]> {
  let rest = "";
  let first = true;
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 256 * 1024 })) {
    let text = rest + (chunk as string);
    if (first) {
      text = text.replace(/^\uFEFF/, "");
      first = false;
    }
    const parts = text.split("\n");
    rest = parts.pop()!;
    for (let i = 0; i < parts.length; i++) if (parts[i].endsWith("\r")) parts[i] = parts[i].slice(0, -1);
    yield parts;
  }
  if (rest !== "") yield [rest.endsWith("\r") ? rest.slice(0, -1) : rest];
}

export async function* lines(path: string): AsyncGenerator<string> {
  for await (const batch of lineBatches(path)) yield* batch;
}
