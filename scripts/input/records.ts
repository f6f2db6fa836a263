/**
 * Reads a CSV (header row, RFC 4180 quoting) or JSON Lines file as a stream of records, each
 * with the line it started on, so every complaint can name the file and line:
 * `ratings.csv:17: field "label" is missing`. Files are streamed a chunk at a time, so a
 * million-row file is never held as one string (a `.json` array is the exception: it has to be
 * parsed whole).
 */
import { constants } from "node:fs";
import { access, readFile } from "node:fs/promises";
import { csvChunkRecords, CsvTokenizer, type CsvProblem } from "../../app/import/csv-records.ts";
import { lineBatches as fileLineBatches, textChunks as fileTextChunks } from "../../app/import/lines.ts";
import { InvalidUtf8Error, firstInvalidUtf8, utf8ErrorAt, validUtf8 } from "../../app/import/utf8.ts";
import { CliError } from "../cli-support.ts";

export type RecordFormat = "csv" | "jsonl" | "json-array";

export interface InputRecord {
  /** 1-based line on which the record starts. */
  line: number;
  /** CSV: header name → string (empty fields are absent). JSON: the parsed object. */
  record: Record<string, unknown>;
}

/** Bad input at a place in a file: exit 2, message `FILE:LINE: what is wrong`. */
export function inputError(file: string, line: number, message: string): CliError {
  return new CliError(`${file}:${line}: ${message}`);
}

/** The file's lines (app/import/lines.ts) a chunk at a time, with an unreadable file as a clear CLI error. */
async function* lineBatches(file: string): AsyncGenerator<string[]> {
  try {
    await access(file, constants.R_OK);
  } catch (err) {
    throw new CliError(`${file}: cannot read: ${(err as Error).message}`);
  }
  try {
    yield* fileLineBatches(file);
  } catch (err) {
    if (err instanceof InvalidUtf8Error) throw inputError(file, err.line, err.message);
    throw err;
  }
}

async function* textChunks(file: string): AsyncGenerator<string> {
  try {
    await access(file, constants.R_OK);
  } catch (err) {
    throw new CliError(`${file}: cannot read: ${(err as Error).message}`);
  }
  try {
    yield* fileTextChunks(file);
  } catch (err) {
    if (err instanceof InvalidUtf8Error) throw inputError(file, err.line, err.message);
    throw err;
  }
}

async function* lines(file: string): AsyncGenerator<string> {
  for await (const batch of lineBatches(file)) yield* batch;
}

export async function detectFormat(file: string): Promise<RecordFormat> {
  const lower = file.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  // Sniff the first non-blank line; .json may be JSON Lines or one array.
  for await (const line of lines(file)) {
    const t = line.trim();
    if (t === "") continue;
    if (t.startsWith("[")) return "json-array";
    if (t.startsWith("{")) return "jsonl";
    return lower.endsWith(".json") ? "jsonl" : "csv";
  }
  return lower.endsWith(".json") ? "jsonl" : "csv";
}

/** One record at a time; readRecordBatches is the same stream a chunk at a time, for hot loops. */
export async function* readRecords(file: string, format?: RecordFormat): AsyncGenerator<InputRecord> {
  for await (const batch of readRecordBatches(file, format)) yield* batch;
}

/**
 * The shared streaming reader: CSV, JSON Lines or a JSON array as batches of records, one batch
 * per chunk of the file (one promise per chunk, none per record), so a million rows cost a few
 * dozen awaits and memory stays at one chunk's records.
 */
export async function* readRecordBatches(file: string, format?: RecordFormat): AsyncGenerator<InputRecord[]> {
  const chosen = format ?? (await detectFormat(file));
  if (chosen === "csv") yield* readCsv(file);
  else if (chosen === "jsonl") yield* readJsonLines(file);
  else yield* readJsonArray(file);
}

async function* readJsonLines(file: string): AsyncGenerator<InputRecord[]> {
  let lineNo = 0;
  for await (const batch of lineBatches(file)) {
    const out: InputRecord[] = [];
    for (let b = 0; b < batch.length; b++) {
      const text = batch[b];
      lineNo++;
      const c = text.charCodeAt(0);
      // "{" first is the usual line; only otherwise test for a blank one.
      if (c !== 123 && text.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw inputError(file, lineNo, `invalid JSON: ${(err as Error).message}`);
      }
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw inputError(file, lineNo, "expected a JSON object on each line");
      }
      out.push({ line: lineNo, record: value as Record<string, unknown> });
    }
    if (out.length) yield out;
  }
}

const ARRAY_BATCH = 8192;

async function* readJsonArray(file: string): AsyncGenerator<InputRecord[]> {
  let value: unknown;
  const bytes = await readFile(file);
  const bad = validUtf8(bytes) ? -1 : firstInvalidUtf8(bytes).bad;
  if (bad >= 0) {
    const e = utf8ErrorAt(bytes, bad, 1);
    throw inputError(file, e.line, e.message);
  }
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    throw new CliError(`${file}: invalid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(value)) throw new CliError(`${file}: expected an array of objects or one JSON object per line`);
  // Without a line per record, the element number stands in for the line.
  for (let start = 0; start < value.length; start += ARRAY_BATCH) {
    const out: InputRecord[] = [];
    for (let i = start; i < Math.min(value.length, start + ARRAY_BATCH); i++) {
      const element: unknown = value[i];
      if (element === null || typeof element !== "object" || Array.isArray(element)) {
        throw new CliError(`${file}: element ${i + 1}: expected a JSON object`);
      }
      out.push({ line: i + 1, record: element as Record<string, unknown> });
    }
    yield out;
  }
}

/** A CSV data row: its fields as written (unquoted fields trimmed) and the line it starts on. */
export interface CsvRow {
  line: number;
  fields: string[];
}

/**
 * CSV with a header row (app/import/csv-records.ts, strict quoting) as batches of field arrays, each
 * row checked to have the header's width; the first problem stops the read. `onHeader` gets the
 * header before the first batch.
 */
export async function* readCsvRows(file: string, onHeader: (header: string[], line: number) => void): AsyncGenerator<CsvRow[]> {
  let header: string[] | null = null;
  for await (const records of csvChunkRecords(textChunks(file), { quotes: "strict" })) {
    const out: CsvRow[] = [];
    for (const r of records) {
      if (r.problem) {
        const p = r.problem;
        throw inputError(
          file,
          p.line,
          p.kind === "after_closing_quote"
            ? `unexpected ${JSON.stringify(p.found)} after a closing quote (column ${p.column})`
            : `a quote inside an unquoted field (column ${p.column}); quote the whole field`,
        );
      }
      if (r.unclosed) throw inputError(file, r.line, "a quoted field is never closed");
      if (header === null) {
        header = r.fields;
        const seen = new Set<string>();
        for (const name of header) {
          if (name === "") throw inputError(file, r.line, "empty column name in the header row");
          if (seen.has(name)) throw inputError(file, r.line, `column "${name}" appears twice in the header row`);
          seen.add(name);
        }
        onHeader(header, r.line);
        continue;
      }
      if (r.fields.length !== header.length) {
        throw inputError(file, r.line, `expected ${header.length} fields (${header.join(",")}), found ${r.fields.length}`);
      }
      out.push(r);
    }
    if (out.length) yield out;
  }
  if (header === null) throw new CliError(`${file}: empty file: expected a header row`);
}

function csvProblem(file: string, p: CsvProblem): CliError {
  return inputError(
    file,
    p.line,
    p.kind === "after_closing_quote"
      ? `unexpected ${JSON.stringify(p.found)} after a closing quote (column ${p.column})`
      : `a quote inside an unquoted field (column ${p.column}); quote the whole field`,
  );
}

/**
 * The rows of readCsvRows handed to `visit` one at a time, in file order, without an object per row:
 * `fields` may be one array reused from row to row, so `visit` copies what it keeps (strings are
 * its own). For the hottest loop, `arbiter agreement` on a long ratings file.
 */
export async function visitCsvRows(file: string, onHeader: (header: string[], line: number) => void, visit: (fields: string[], line: number) => void): Promise<void> {
  let header: string[] | null = null;
  const tokenizer = new CsvTokenizer({ quotes: "strict" });
  const sink = (line: number, fields: string[], problem: CsvProblem | undefined) => {
    if (problem) throw csvProblem(file, problem);
    if (header === null) {
      header = fields.slice();
      const seen = new Set<string>();
      for (const name of header) {
        if (name === "") throw inputError(file, line, "empty column name in the header row");
        if (seen.has(name)) throw inputError(file, line, `column "${name}" appears twice in the header row`);
        seen.add(name);
      }
      onHeader(header, line);
      return;
    }
    if (fields.length !== header.length) {
      throw inputError(file, line, `expected ${header.length} fields (${header.join(",")}), found ${fields.length}`);
    }
    visit(fields, line);
  };
  for await (const text of textChunks(file)) tokenizer.scanChunk(text, sink, true);
  const last = tokenizer.end();
  if (last) {
    if (last.problem) throw csvProblem(file, last.problem);
    throw inputError(file, last.line, "a quoted field is never closed");
  }
  if (header === null) throw new CliError(`${file}: empty file: expected a header row`);
}

/** CSV rows as records: header name → field, empty fields absent. */
async function* readCsv(file: string): AsyncGenerator<InputRecord[]> {
  let header: string[] = [];
  for await (const rows of readCsvRows(file, (h) => (header = h))) {
    const out: InputRecord[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const fields = rows[i].fields;
      const record: Record<string, unknown> = {};
      for (let c = 0; c < header.length; c++) if (fields[c] !== "") record[header[c]] = fields[c];
      out[i] = { line: rows[i].line, record };
    }
    yield out;
  }
}

/** A field that must be present (not absent, null or empty). */
export function requireField(file: string, rec: InputRecord, name: string): unknown {
  const value = rec.record[name];
  if (value === undefined || value === null || value === "") throw inputError(file, rec.line, `field "${name}" is missing`);
  return value;
}

/** An identifier (item, rater, system): a string, or a number taken as its decimal text. */
export function requireId(file: string, rec: InputRecord, name: string): string {
  const value = requireField(file, rec, name);
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  throw inputError(file, rec.line, `field "${name}" must be a string or a number, got ${JSON.stringify(value)}`);
}

/** A label: a string or a finite number, as written. */
export function requireLabel(file: string, rec: InputRecord, name: string): string | number {
  const value = requireField(file, rec, name);
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  throw inputError(file, rec.line, `field "${name}" must be a string or a number, got ${JSON.stringify(value)}`);
}

/** One of the allowed string values. */
export function requireChoice<T extends string>(file: string, rec: InputRecord, name: string, allowed: readonly T[]): T {
  const value = requireField(file, rec, name);
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw inputError(
    file,
    rec.line,
    `field "${name}" must be ${allowed.map((a) => JSON.stringify(a)).join(", ")}; got ${JSON.stringify(value)}`,
  );
}
