/**
 * One import measured in its own process, so its peak RSS is its own (PGlite's wasm heap or an
 * earlier run would otherwise inflate the figure). argv: pglite|postgres DIR. Prints one JSON line.
 */
import { join } from "node:path";
import { readRows } from "../../app/import/read-rows.ts";
import { connect } from "../../db/connect.ts";
import { createEval } from "../../db/evals.ts";
import { importCases, importOutputs } from "../../db/import.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { createPostgresDatabase } from "../../tests/support/db.ts";

const [backend, dir] = process.argv.slice(2);
const fresh = backend === "postgres" ? await createPostgresDatabase(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres") : null;
const handle = fresh ? await connect({ databaseUrl: fresh.url }) : await connect({ dataDir: join(dir, `pglite-${process.pid}`) });
try {
  await migrateToLatest(handle.db);
  const ev = await createEval(handle.db, { name: "bench", description: "", overlap_k: 3, systems: [{ name: "ft", role: "candidate" }, { name: "base", role: "baseline" }] }, null);
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const t0 = performance.now();
  const cases = await importCases(handle.db, ev.id, readRows(join(dir, "cases.jsonl"), "jsonl"), { actorId: null, fileName: "cases.jsonl" });
  const t1 = performance.now();
  const outputs = await importOutputs(handle.db, ev.id, readRows(join(dir, "outputs.jsonl"), "jsonl"), { actorId: null, fileName: "outputs.jsonl" });
  const t2 = performance.now();
  clearInterval(sampler);
  console.log(JSON.stringify({ casesS: (t1 - t0) / 1000, outputsS: (t2 - t1) / 1000, totalS: (t2 - t0) / 1000, peakMb: peak / 2 ** 20, startMb: baseline / 2 ** 20, rows: cases.rows + outputs.rows }));
} finally {
  await handle.close();
  await fresh?.drop();
}
