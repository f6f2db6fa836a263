/** Streamed CSV and JSONL responses. Every CSV export writes its cells through csvCell. */

/**
 * One CSV cell. Text starting with =, +, -, @, tab or CR is what spreadsheets run as a formula
 * (CSV injection: a model output "=HYPERLINK(...)" in a judgments export), so it gets a leading
 * apostrophe, which spreadsheets show as text. Numbers are written as numbers (a -0.05 threshold
 * stays a number); the apostrophe is only for text.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  let s = typeof v === "object" ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) || s.startsWith("'") ? `"${s.replace(/"/g, '""')}"` : s;
}

export function streamRows(rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>, format: "csv" | "jsonl", columns?: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const it = (Symbol.asyncIterator in rows ? (rows as AsyncIterable<Record<string, unknown>>)[Symbol.asyncIterator]() : (async function* () { yield* rows as Iterable<Record<string, unknown>>; })());
  let header: string[] | undefined = columns;
  let wroteHeader = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk = "";
      for (let i = 0; i < 1000; i++) {
        const next = await it.next();
        if (next.done) {
          if (format === "csv" && !wroteHeader && header) chunk += header.map(csvCell).join(",") + "\n";
          if (chunk) controller.enqueue(enc.encode(chunk));
          controller.close();
          return;
        }
        const row = next.value;
        if (format === "jsonl") chunk += JSON.stringify(row) + "\n";
        else {
          header ??= Object.keys(row);
          if (!wroteHeader) {
            chunk += header.map(csvCell).join(",") + "\n";
            wroteHeader = true;
          }
          chunk += header.map((k) => csvCell(row[k])).join(",") + "\n";
        }
      }
      controller.enqueue(enc.encode(chunk));
    },
  });
}

export function download(stream: ReadableStream<Uint8Array> | string, filename: string, format: "csv" | "jsonl" | "json"): Response {
  const type = format === "csv" ? "text/csv; charset=utf-8" : format === "jsonl" ? "application/x-ndjson; charset=utf-8" : "application/json; charset=utf-8";
  return new Response(stream, { headers: { "Content-Type": type, "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" } });
}
