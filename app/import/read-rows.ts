/**
 * Streams an import file (JSON Lines or CSV with a header row) as rows with their line numbers.
 * A row that cannot be parsed is yielded with its error instead of ending the stream, so one pass
 * can list every bad line of the file.
 */
import { lines } from "./lines";

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
  if (format === "jsonl") yield* jsonLines(path);
  else yield* csvRows(path);
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

/** RFC 4180 with a header row; a quoted field may hold commas, doubled quotes and line breaks. */
async function* csvRows(path: string): AsyncGenerator<Row> {
  let header: string[] | null = null;
  let n = 0;
  let start = 0;
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let broken: string | null = null;
  for await (const text of lines(path)) {
    n++;
    if (!quoted) {
      if (text.trim() === "") continue;
      start = n;
      fields = [];
      field = "";
      broken = null;
    } else {
      field += "\n";
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (quoted) {
        if (ch !== '"') field += ch;
        else if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          if (i + 1 < text.length && text[i + 1] !== ",") broken ??= `unexpected character after a closing quote at column ${i + 2}`;
        }
      } else if (ch === ",") {
        fields.push(field);
        field = "";
      } else if (ch === '"' && field === "") {
        quoted = true;
      } else {
        field += ch;
      }
    }
    if (quoted) continue;
    fields.push(field);
    if (!header) {
      header = fields.map((h) => h.trim());
      continue;
    }
    if (broken) {
      yield { line: start, error: broken };
    } else if (fields.length !== header.length) {
      yield { line: start, error: `expected ${header.length} fields as in the header, found ${fields.length}` };
    } else {
      const record: Record<string, unknown> = {};
      header.forEach((h, i) => {
        if (fields[i] !== "") record[h] = fields[i];
      });
      yield { line: start, record };
    }
  }
  if (quoted) yield { line: start, error: "a quoted field is never closed" };
}
