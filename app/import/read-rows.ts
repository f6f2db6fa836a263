/**
 * Streams an import file (JSON Lines or CSV with a header row) as rows with their line numbers.
 * A row that cannot be parsed is yielded with its error instead of ending the stream, so one pass
 * can list every bad line of the file.
 */
import { csvRecords } from "./csv-records";
import { lines } from "./lines";
import { InvalidUtf8Error } from "./utf8.ts";
import { maxFieldBytes, quoteLongIds, textProblem, valueProblem } from "../schemas/bounded.ts";

export type RowFormat = "jsonl" | "csv";

export type Row =
  | { line: number; record: Record<string, unknown>; error?: undefined }
  | { line: number; record?: undefined; error: string; field?: string };

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
  const max = maxFieldBytes();
  for await (const line of lines(path)) {
    n++;
    if (line.trim() === "") continue;
    let value: unknown;
    const text = quoteLongIds(line);
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
    const problem = mayNotStore(text, max) ? valueProblem(value, "", max) : null;
    if (problem) {
      yield { line: n, field: problem.field, error: problem.reason };
      continue;
    }
    yield { line: n, record: value as Record<string, unknown> };
  }
}

/** CSV with a header row (app/import/csv-records.ts, fields kept as written). */
async function* csvRows(path: string): AsyncGenerator<Row> {
  let header: string[] | null = null;
  const max = maxFieldBytes();
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
      let problem: { field: string; reason: string } | null = null;
      header.forEach((h, i) => {
        const reason = problem ? null : textProblem(r.fields[i], max);
        if (reason) problem = { field: h, reason };
        if (r.fields[i] !== "") record[h] = r.fields[i];
      });
      if (problem) {
        const { field, reason } = problem;
        yield { line: r.line, field, error: reason };
      } else yield { line: r.line, record };
    }
  }
}

/**
 * Whether a parsed JSON value could hold a NUL or an over-long string: only through a \u0000
 * escape (a raw control character is not valid JSON), and no string decodes to more than 3 bytes
 * per character of its source. Most lines skip the walk.
 */
export function mayNotStore(json: string, max: number): boolean {
  return json.indexOf("\\u0000") >= 0 || json.length * 3 > max;
}
