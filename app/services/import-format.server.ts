/**
 * One import of another tool's file, for the CLI and the web alike: the adapter from the registry,
 * the mapping (given, else the one saved for this eval and format), the all-or-nothing writer, and
 * the mapping saved once the import succeeded.
 */
import type { Kysely } from "kysely";
import { importFormat, type BundleOptions, type BundleSummary } from "../../db/import-bundle.ts";
import { saveMapping, savedMapping } from "../../db/import-mappings.ts";
import type { Database } from "../../db/types.ts";
import { FORMATS } from "../import/formats/index.ts";
import { newReport, type AdapterOptions } from "../import/formats/types.ts";
import { readRows } from "../import/read-rows.ts";

export class UnknownFormat extends Error {}

export async function runFormatImport(
  db: Kysely<Database>,
  evalId: number,
  format: string,
  path: string,
  options: BundleOptions,
): Promise<BundleSummary & { mapping?: Record<string, string> }> {
  const adapter = FORMATS[format];
  if (!adapter) throw new UnknownFormat(`unknown format "${format}" (one of ${Object.keys(FORMATS).join(", ")})`);
  let mapping = options.mapping;
  if (adapter.mapped && !mapping) mapping = (await savedMapping(db, evalId, format)) ?? undefined;
  const summary = await importFormat(db, evalId, adapter, path, { ...options, mapping });
  if (adapter.mapped && options.mapping) await saveMapping(db, evalId, format, options.mapping, options.actorId);
  return adapter.mapped ? { ...summary, mapping: mapping ?? {} } : summary;
}

export interface PreviewRow {
  line: number;
  kind: "case" | "output" | "vote" | "error";
  case_id: string | null;
  system: string | null;
  text: string;
}

export interface FormatPreview {
  format: string;
  rows: PreviewRow[];
  /** For a mapped file: the columns of its first rows, and the mapping saved for this eval. */
  columns?: string[];
  saved_mapping?: Record<string, string> | null;
  unsupported: Record<string, number>;
}

const snippet = (v: unknown) => {
  const s = typeof v === "string" ? v : JSON.stringify(v) ?? "";
  return s.length > 160 ? `${s.slice(0, 159)}…` : s;
};

/** The first items the file would import, without writing anything (the web form's preview). */
export async function previewFormat(db: Kysely<Database>, evalId: number, format: string, path: string, options: AdapterOptions, limit = 10): Promise<FormatPreview> {
  const adapter = FORMATS[format];
  if (!adapter) throw new UnknownFormat(`unknown format "${format}" (one of ${Object.keys(FORMATS).join(", ")})`);
  const saved = adapter.mapped ? await savedMapping(db, evalId, format) : null;
  const report = newReport();
  const rows: PreviewRow[] = [];
  const items = adapter.read(path, { ...options, mapping: options.mapping ?? saved ?? undefined }, report)[Symbol.asyncIterator]();
  try {
    while (rows.length < limit) {
      const next = await items.next();
      if (next.done) break;
      const i = next.value;
      if (i.kind === "case") rows.push({ line: i.line, kind: "case", case_id: String(i.record.id ?? ""), system: null, text: snippet(i.record.input) });
      else if (i.kind === "output") rows.push({ line: i.line, kind: "output", case_id: String(i.record.case_id ?? ""), system: String(i.record.system ?? options.system ?? ""), text: snippet(i.record.text ?? i.record.error) });
      else if (i.kind === "vote") rows.push({ line: i.line, kind: "vote", case_id: i.vote.case_id, system: `${i.vote.system_1} vs ${i.vote.system_2}`, text: `${i.vote.source} ${i.vote.rater}: ${i.vote.winner === 1 ? i.vote.system_1 : i.vote.winner === 2 ? i.vote.system_2 : i.vote.winner}` });
      else rows.push({ line: i.line, kind: "error", case_id: null, system: null, text: `${i.field ? `${i.field}: ` : ""}${i.reason}` });
    }
  } finally {
    await items.return?.(undefined);
  }
  const preview: FormatPreview = { format, rows, unsupported: report.unsupported };
  if (adapter.mapped) {
    const columns = new Set<string>();
    let n = 0;
    for await (const r of readRows(path, adapter.csv ? "csv" : "jsonl")) {
      if (r.record) Object.keys(r.record).forEach((k) => columns.add(k));
      if (++n >= limit) break;
    }
    preview.columns = [...columns];
    preview.saved_mapping = saved;
  }
  return preview;
}
