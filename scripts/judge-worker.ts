/**
 * A judge worker process: `node --import tsx scripts/judge-worker.ts [--run ID] [--watch]`.
 *
 * Claims jobs of running judge runs from the database (DATABASE_URL; on PGlite use `arbiter judge`,
 * which works the run in-process, since an embedded database has one process) with leases, so any
 * number of these can run on any number of machines, and a killed one's jobs go back to the pool.
 * The endpoint and model come from each run's stored config (that is what its config hash
 * promises); JUDGE_BASE_URL / JUDGE_MODEL (or --base-url / --model), when set, limit this worker to
 * the runs of that endpoint and model. The API key comes from JUDGE_API_KEY or --api-key and is
 * never written to the database.
 *
 * Without --watch it exits 0 once no running run has work left; with --watch it polls forever.
 * Options: --concurrency N (calls in flight, default 8), --lease-ms N (JUDGE_LEASE_MS, default
 * 60000), --poll-ms N, --timeout-ms N.
 */
import { connectFromEnv } from "../db/connect.ts";
import { isDatabaseUnavailable } from "../db/outage.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { loadEndpoints } from "../judges/endpoints.ts";
import { defaultWorkerId, runningRuns, workRun } from "../judges/worker.ts";
import { CliError, parseArgs, stringFlag } from "./cli-support.ts";

function intFlag(value: string | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new CliError(`--${name} must be a whole number >= ${min}`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["watch", "help"]);
  if (args.flags.help) {
    process.stdout.write("usage: judge-worker [--run ID] [--watch] [--concurrency N] [--lease-ms N] [--base-url U] [--model M] [--api-key K]\n");
    return 0;
  }
  const runId = stringFlag(args, "run");
  const watch = args.flags.watch === true;
  const concurrency = intFlag(stringFlag(args, "concurrency"), "concurrency", 8);
  const leaseMs = intFlag(stringFlag(args, "lease-ms") ?? process.env.JUDGE_LEASE_MS, "lease-ms", 60_000, 100);
  const pollMs = intFlag(stringFlag(args, "poll-ms"), "poll-ms", 500, 10);
  const timeoutMs = intFlag(stringFlag(args, "timeout-ms"), "timeout-ms", 60_000, 100);
  const baseURL = stringFlag(args, "base-url") ?? (process.env.JUDGE_BASE_URL || undefined);
  const model = stringFlag(args, "model") ?? (process.env.JUDGE_MODEL || undefined);
  const apiKeyFlag = stringFlag(args, "api-key");
  // A run started on a named endpoint (judges/endpoints.ts) is worked with that endpoint's key.
  const endpoints = loadEndpoints();
  const keyFor = async (id: number) => {
    if (apiKeyFlag) return apiKeyFlag;
    const run = await handle.db.selectFrom("judge_runs").select("config").where("id", "=", id).executeTakeFirst();
    const base = (run?.config as { base_url?: unknown } | undefined)?.base_url;
    return (typeof base === "string" ? endpoints.byBaseURL(base)?.apiKey : undefined) ?? process.env.JUDGE_API_KEY;
  };
  const workerId = defaultWorkerId();

  const handle = await connectFromEnv();
  await migrateToLatest(handle.db);
  const log = (msg: string, detail: Record<string, unknown> = {}) => process.stderr.write(`${JSON.stringify({ worker: workerId, msg, ...detail })}\n`);
  const controller = new AbortController();
  // A polite stop finishes the jobs in flight; SIGKILL is what leases are for.
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => controller.abort());
  try {
    log("started", { db: handle.kind, run: runId ?? "any", watch });
    for (;;) {
      let worked = false;
      try {
        const ids = runId ? [Number(runId)] : await runningRuns(handle.db, { baseURL, model });
        for (const id of ids) {
          if (controller.signal.aborted) break;
          const r = await workRun(handle.db, id, { workerId, apiKey: await keyFor(id), concurrency, leaseMs, pollMs, timeoutMs, signal: controller.signal, log });
          if (r.done || r.failed) worked = true;
          log("run worked", { run: id, status: r.status, done: r.done, failed: r.failed, http: r.client.httpAttempts, cache_hits: r.client.cacheHits });
        }
      } catch (err) {
        // A database restart: report, wait for it, resume. Jobs in flight keep their leases until
        // they lapse and are claimed again; a verdict already written is not written twice.
        if (!isDatabaseUnavailable(err) || controller.signal.aborted) throw err;
        log("database unavailable; resuming when it is back", { err: String(err) });
        await (handle.health?.whenUp() ?? new Promise((r) => setTimeout(r, pollMs)));
        log("database back; resuming");
        continue;
      }
      if (controller.signal.aborted) break;
      if (!watch && (runId || !worked)) break;
      if (!worked) await new Promise((r) => setTimeout(r, pollMs));
    }
    return 0;
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`judge-worker: ${err instanceof CliError ? err.message : (err as Error).stack ?? String(err)}\n`);
    process.exit(2);
  },
);
