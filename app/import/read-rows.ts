/**
 * Streams an import file (JSON Lines or CSV with a header row) as rows with their line numbers.
 * A row that cannot be parsed is yielded with its error instead of ending the stream, so one pass
 * can list every bad line of the file.
 */
import { csvRecords } from "./csv-records";
import { lines } from "./lines";
import { InvalidUtf8Error } from "./utf8.ts";

export type RowFormat = "jsonl" | "csv";

export type Row =
  | { line: number; record: Record<string, unknown>; error?: undefined }
  | { line: number; record?: undefined; error: string };

export function formatFromName(name: string): RowFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) return "jsonl";
  return null;
}

export async function* readRows(path: string, format: RowFormat): AsyncGenerator<Row> {
  try {
    if (format === "jsonl") yield* jsonLines(path);
    else yield* csvRows(path);
  } catch (err) {
    // Bytes that are not UTF-8: the line is reported and nothing after it is read.
    if (!(err instanceof InvalidUtf8Error)) throw err;
    yield { line: err.line, error: err.message };
  }
}

async function* jsonLines(path: string): AsyncGenerator<Row> {
  let n = 0;
  for await (const text of lines(path)) {
    n++;
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield { line: n, error: `invalid JSON (${(err as Error).message})` };
      continue;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      yield { line: n, error: "expected one JSON object on the line" };
      continue;
    }
    yield { line: n, record: value as Record<string, unknown> };
  }
}

/** CSV with a header row (app/import/csv-records.ts, fields kept as written). */
async function* csvRows(path: string): AsyncGenerator<Row> {
  let header: string[] | null = null;
  for await (const r of csvRecords(lines(path), { quotes: "literal" })) {
    if (r.unclosed) {
      yield { line: r.line, error: "a quoted field is never closed" };
    } else if (!header) {
      header = r.fields.map((h) => h.trim());
    } else if (r.problem) {
      yield { line: r.line, error: `unexpected character after a closing quote at column ${r.problem.column}` };
    } else if (r.fields.length !== header.length) {
      yield { line: r.line, error: `expected ${header.length} fields as in the header, found ${r.fields.length}` };
    } else {
      const record: Record<string, unknown> = {};
      header.forEach((h, i) => {
        if (r.fields[i] !== "") record[h] = r.fields[i];
      });
      yield { line: r.line, record };
    }
  }
}
