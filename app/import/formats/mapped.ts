/**
 * Any JSON Lines or CSV file with a field mapping: Arbiter's field = the file's field
 * (`--map input=instruction,reference=answer,category=type`). Mappable: id, input, reference,
 * context, category, suite, shape, tags, and output (with system) to import an output per row as
 * well. Unmapped Arbiter fields fall back to a field of the same name, then to defaults (id: the
 * row's position; category and suite "imported"; shape "open").
 */
import { readRows } from "../read-rows.ts";
import { type AdapterOptions, type FormatAdapter } from "./types.ts";

export const MAPPABLE = ["id", "input", "reference", "context", "category", "suite", "shape", "tags", "output", "system", "latency_ms"] as const;

/** "input=instruction,reference=answer" → {input: "instruction", reference: "answer"}; a message for a bad spec. */
export function parseMapping(spec: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const part of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf("=");
    if (eq <= 0 || eq === part.length - 1) return `"${part}" is not FIELD=COLUMN`;
    const field = part.slice(0, eq).trim();
    if (!(MAPPABLE as readonly string[]).includes(field)) return `"${field}" is not a field Arbiter imports (one of ${MAPPABLE.join(", ")})`;
    out[field] = part.slice(eq + 1).trim();
  }
  return out;
}

function mappedAdapter(format: "jsonl" | "csv"): FormatAdapter {
  return {
    name: format,
    describe: `any ${format === "csv" ? "CSV (header row)" : "JSON Lines"} file with a field mapping (--map input=COLUMN,...)`,
    csv: format === "csv",
    mapped: true,
    async *read(path, options: AdapterOptions) {
      const map = options.mapping ?? {};
      const col = (field: string) => map[field] ?? field;
      if (!("input" in map)) {
        // Without a mapping for input the file must already name it input.
      }
      let n = 0;
      for await (const row of readRows(path, format)) {
        n++;
        if (row.error !== undefined) {
          yield { kind: "error", line: row.line, field: row.field ?? null, reason: row.error };
          continue;
        }
        const r = row.record;
        const get = (field: string) => r[col(field)];
        const input = get("input");
        if (input === undefined || input === null || input === "") {
          yield { kind: "error", line: row.line, field: col("input"), reason: `no input: map it with --map input=COLUMN (the file's columns: ${Object.keys(r).join(", ")})` };
          continue;
        }
        const id = get("id") ?? `row-${n}`;
        const record: Record<string, unknown> = {
          id,
          input,
          category: get("category") ?? "imported",
          suite: get("suite") ?? "imported",
          shape: get("shape") ?? "open",
        };
        for (const f of ["reference", "context", "tags"]) {
          const v = get(f);
          if (v !== undefined && v !== null && v !== "") record[f] = typeof v === "string" || f === "tags" ? v : JSON.stringify(v);
        }
        yield { kind: "case", line: row.line, record };
        const output = "output" in map ? get("output") : undefined;
        if (output !== undefined && output !== null && output !== "") {
          const system = get("system") ?? options.system;
          const latency = get("latency_ms");
          yield { kind: "output", line: row.line, record: { case_id: id, ...(system !== undefined ? { system } : {}), text: typeof output === "string" ? output : JSON.stringify(output), ...(latency !== undefined && latency !== "" ? { latency_ms: latency } : {}) } };
        }
      }
    },
  };
}

export const mappedJsonl = mappedAdapter("jsonl");
export const mappedCsv = mappedAdapter("csv");
