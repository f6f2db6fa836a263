/**
 * The top-level values of a JSON file, streamed: a JSON array (`[{...}, {...}]`, as AlpacaEval,
 * Arena and promptfoo write them) or JSON Lines (one value per line). Only the current element is
 * held, so memory stays flat in the file's size. Each value says the line it starts on; one that
 * does not parse is yielded with its error, so the importer can list every bad element in one pass.
 */
import { createReadStream } from "node:fs";
import { InvalidUtf8Error, StrictUtf8Decoder } from "./utf8.ts";
import { maxFieldBytes, quoteLongIds, valueProblem } from "../schemas/bounded.ts";
import { mayNotStore } from "./read-rows.ts";

export type JsonValue =
  | { line: number; value: unknown; error?: undefined }
  | { line: number; value?: undefined; error: string; field?: string };

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

export async function* jsonValues(path: string): AsyncGenerator<JsonValue> {
  let mode: "start" | "array" | "lines" | "done" = "start";
  let depth = 0;
  let inString = false;
  let escaped = false;
  let buf = "";
  let line = 1;
  let valueLine = 0; // 0: the current value has not begun
  let first = true;
  let trailing = false;
  const max = maxFieldBytes();
  const take = (source: string): JsonValue => {
    const at = valueLine;
    valueLine = 0;
    const text = quoteLongIds(source);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return { line: at, error: `invalid JSON (${(err as Error).message})` };
    }
    // The element's first line: a multi-line element names where it starts.
    const problem = mayNotStore(text, max) ? valueProblem(value, "", max) : null;
    return problem ? { line: at, field: problem.field, error: problem.reason } : { line: at, value };
  };
  const decoder = new StrictUtf8Decoder();
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    let text: string;
    try {
      text = decoder.decode(chunk as Buffer);
    } catch (err) {
      if (!(err instanceof InvalidUtf8Error)) throw err;
      // Nothing after a bad byte can be trusted: report it and stop.
      yield { line: err.line, error: err.message };
      return;
    }
    if (first) {
      text = text.replace(/^\uFEFF/, "");
      first = false;
    }
    const out: JsonValue[] = [];
    let start = 0; // the part of text from here on is not yet in buf
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (inString && !(ch === 10 && mode === "lines")) {
        if (escaped) escaped = false;
        else if (ch === 92) escaped = true;
        else if (ch === 34) inString = false;
        else if (ch === 10) line++;
        continue;
      }
      if (ch === 10) line++;
      escaped = false;
      if (mode === "done") {
        if (!isSpace(ch) && !trailing) {
          out.push({ line, error: "unexpected text after the end of the JSON array" });
          trailing = true;
        }
        continue;
      }
      if (mode === "start") {
        if (isSpace(ch)) continue;
        if (ch === 91 /* [ */) {
          mode = "array";
          start = i + 1;
          continue;
        }
        mode = "lines";
        start = i;
      }
      // JSON Lines: every line is one value, whatever its brackets (a broken line stays one error).
      if (depth === 0 || (mode === "lines" && ch === 10)) {
        const ends = mode === "array" ? ch === 44 || ch === 93 : ch === 10;
        if (ends) {
          const body = buf + text.slice(start, i);
          buf = "";
          start = i + 1;
          depth = 0;
          inString = false;
          if (valueLine) out.push(take(body));
          else if (mode === "array" && (ch === 44 || body.trim() !== "")) out.push({ line, error: "an empty element in the JSON array" });
          if (mode === "array" && ch === 93) mode = "done";
          continue;
        }
        if (!isSpace(ch) && !valueLine) valueLine = line;
      }
      if (ch === 34) inString = true;
      else if (ch === 123 || ch === 91) depth++;
      else if (ch === 125 || ch === 93) depth--;
    }
    if (mode !== "done" && start < text.length) buf += text.slice(start);
    yield* out;
  }
  try {
    decoder.end();
  } catch (err) {
    if (!(err instanceof InvalidUtf8Error)) throw err;
    yield { line: err.line, error: err.message };
    return;
  }
  if (mode === "array") yield { line, error: "the JSON array is never closed" };
  else if (mode === "lines" && valueLine) yield take(buf);
}
