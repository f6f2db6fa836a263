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
