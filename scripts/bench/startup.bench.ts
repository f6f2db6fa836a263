/**
 * Start-up and footprint (issue 16 items 6 and 7): a database-backed CLI command (`arbiter eval
 * list`) on Postgres and on PGlite, as a ratio to `node -e 0` measured in the same run, and the
 * demo server's resident memory on PGlite (VmRSS of the server process once it answers).
 *
 * Targets: the CLI command under 3 s on Postgres and 5 s on PGlite; the demo server under 400 MB.
 * On a loaded machine every figure grows; the ratios say how much of it is ours.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startApp } from "../../tests/support/app.ts";
import { createPostgresDatabase } from "../../tests/support/db.ts";
import { formatMeasurement, measure, type Bench } from "./harness.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c));
    child.on("exit", (code) => (code === 0 ? done() : fail(new Error(`${args.join(" ")} exited ${code}: ${err}`))));
  });
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

const bench: Bench = {
  name: "start-up: CLI on Postgres and PGlite, demo server memory",
  async run() {
    const lines: string[] = [];
    let met = true;
    const base = { ...process.env };
    delete base.DATABASE_URL;
    const node = await measure("node -e 0", () => run(["-e", "0"], base), { runs: RUNS + 2 });
    const tsx = await measure("node --import tsx -e 0", () => run(["--import", "tsx", "-e", "0"], base), { runs: RUNS });
    lines.push(formatMeasurement(node), `${formatMeasurement(tsx)} = ${(tsx.medianMs / node.medianMs).toFixed(1)}× node`);
    const cli = ["scripts/bin/arbiter.js", "eval", "list"];

    const dir = mkdtempSync(join(tmpdir(), "arbiter-bench-startup-"));
    try {
      const env = { ...base, ARBITER_DATA_DIR: join(dir, "cli") };
      const first = performance.now();
      await run(cli, env);
      lines.push(`PGlite CLI, first run (creates the database): ${(performance.now() - first).toFixed(0)} ms`);
      const pgl = await measure("arbiter eval list on PGlite", () => run(cli, env), { runs: RUNS, warmup: 0 });
      lines.push(`${formatMeasurement(pgl, 5000)} = ${(pgl.medianMs / node.medianMs).toFixed(1)}× node`);
      met &&= pgl.medianMs < 5000;

      if (process.env.DATABASE_URL) {
        const fresh = await createPostgresDatabase(process.env.DATABASE_URL);
        try {
          const penv = { ...base, DATABASE_URL: fresh.url };
          await run(cli, penv);
          const pg = await measure("arbiter eval list on Postgres", () => run(cli, penv), { runs: RUNS, warmup: 0 });
          lines.push(`${formatMeasurement(pg, 3000)} = ${(pg.medianMs / node.medianMs).toFixed(1)}× node`);
          met &&= pg.medianMs < 3000;
        } finally {
          await fresh.drop();
        }
      } else lines.push("Postgres CLI: skipped (no DATABASE_URL)");

      // The demo server on PGlite: first start (creates the database and the demo data), then a restart.
      const dataDir = join(dir, "server");
      for (const label of ["first start", "restart"]) {
        const app = await startApp({}, { dataDir });
        try {
          await (await fetch(`${app.baseUrl}/healthz`)).text();
          const rss = rssMb(app.pid!);
          lines.push(`demo server on PGlite, ${label}: ${rss} MB resident (target < 400 MB: ${rss < 400 ? "met" : "MISSED"})`);
          met &&= rss < 400;
        } finally {
          await app.stop();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return { name: bench.name, lines, targetsMet: met };
  },
};

export default bench;
