/**
 * One Arena import measured in its own process (its peak RSS its own). argv: pglite|postgres FILE.
 * Prints one JSON line: seconds, peak and starting RSS, the import's summary counts.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FORMATS } from "../../app/import/formats/index.ts";
import { connect } from "../../db/connect.ts";
import { createEval } from "../../db/evals.ts";
import { importFormat } from "../../db/import-bundle.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { createPostgresDatabase } from "../../tests/support/db.ts";

const [backend, file] = process.argv.slice(2);
const fresh = backend === "postgres" ? await createPostgresDatabase(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres") : null;
const handle = fresh ? await connect({ databaseUrl: fresh.url }) : await connect({ dataDir: join(tmpdir(), `arbiter-arena-${process.pid}`) });
try {
  await migrateToLatest(handle.db);
  const ev = await createEval(handle.db, { name: "arena", description: "", overlap_k: 1, systems: [{ name: "model-0", role: "candidate" }, { name: "model-1", role: "baseline" }] }, null);
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const t0 = performance.now();
  const s = await importFormat(handle.db, ev.id, FORMATS.arena, file, { actorId: null, fileName: "battles.jsonl" });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  console.log(JSON.stringify({ seconds, peakMb: peak / 2 ** 20, startMb: baseline / 2 ** 20, cases: s.cases.inserted, outputs: s.outputs.inserted, judgments: s.judgments }));
} finally {
  await handle.close();
  await fresh?.drop();
}
