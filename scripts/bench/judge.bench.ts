/**
 * Judge throughput and cache (issue 8 §9). The stub answers every call in 100 ms, so with 32
 * calls in flight the ceiling is 320 calls/s; we report the achieved rate as a share of that
 * (target >= 90%), the most calls the stub saw at once (a connection-pool cap would show here),
 * and the HTTP calls made by a second run of the same judge over the same cache (target 0).
 */
import { JudgeClient, InMemoryResponseCache } from "../../judges/client.ts";
import { judgePairwise } from "../../judges/protocols/pairwise.ts";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { median, type Bench } from "./harness.ts";
import { connect, type DbHandle } from "../../db/connect.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { createJudgeRun } from "../../judges/runs.ts";
import { workRun } from "../../judges/worker.ts";
import { createPostgresDatabase } from "../../tests/support/db.ts";
import { makeJudgeFixture } from "../../tests/support/judge-fixture.ts";

const DELAY_MS = 100;
const CONCURRENCY = 32;
const COMPARISONS = 320; // two orders each: 640 calls
const RUNS = 5;
const LIMIT = (CONCURRENCY * 1000) / DELAY_MS;

type StubStats = { calls: number; maxInFlight: number };

/** The stub runs in its own thread so its CPU is not charged to the client (see the worker). */
async function startStubWorker() {
  // Node 20 workers do not inherit the tsx loader and refuse a .ts entry, so a tiny JS entry
  // registers tsx in the worker before importing the real one.
  const entry = new URL("./judge-stub-worker.ts", import.meta.url).href;
  const boot = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { delayMs: DELAY_MS } });
  const [ready] = (await once(worker, "message")) as [{ baseURL: string }];
  const send = async (cmd: string): Promise<StubStats> => {
    const reply = once(worker, "message");
    worker.postMessage({ cmd });
    return ((await reply) as [StubStats])[0];
  };
  return { baseURL: ready.baseURL, worker, send };
}

const bench: Bench = {
  name: "LLM judge: pairwise throughput at concurrency 32, and cache re-run",
  async run() {
    const stub = await startStubWorker();
    const comparisons = Array.from({ length: COMPARISONS }, (_, i) => ({
      prompt: `question ${i}`,
      candidate: `#c candidate answer ${i}`,
      other: `other answer ${i}`,
    }));
    const runAll = (client: JudgeClient) => Promise.all(comparisons.map((c) => judgePairwise(client, c)));
    const newClient = (cache: InMemoryResponseCache) =>
      new JudgeClient({ baseURL: stub.baseURL, model: "stub-model", concurrency: CONCURRENCY, cache, timeoutMs: 30_000 });

    try {
      const rates: number[] = [];
      let calls = 0;
      let maxInFlight = 0;
      let cache = new InMemoryResponseCache();
      // Warm-up, unmeasured: JIT, and the 32 keep-alive connections being opened.
      const warm = newClient(new InMemoryResponseCache());
      await Promise.all(comparisons.slice(0, 64).map((c) => judgePairwise(warm, c)));
      for (let r = 0; r < RUNS; r++) {
        cache = new InMemoryResponseCache(); // a cold cache each time, so every call goes out
        await stub.send("reset");
        const t0 = performance.now();
        const results = await runAll(newClient(cache));
        const seconds = (performance.now() - t0) / 1000;
        const stats = await stub.send("stats");
        calls = stats.calls;
        maxInFlight = Math.max(maxInFlight, stats.maxInFlight);
        rates.push(calls / seconds);
        if (results.some((x) => x.winner !== "candidate")) throw new Error("stub judge verdicts were not combined as expected");
      }
      const rate = median(rates);
      const share = rate / LIMIT;

      await stub.send("reset");
      await runAll(newClient(cache)); // second run of the same judge, same cache
      const rerunCalls = (await stub.send("stats")).calls;

      const durable = await durablePath(stub);

      return {
        name: bench.name,
        lines: [
          `${COMPARISONS} comparisons × 2 orders = ${calls} calls per run, stub delay ${DELAY_MS} ms, concurrency ${CONCURRENCY}`,
          `throughput: median ${rate.toFixed(1)} calls/s over ${RUNS} runs [${rates.map((x) => x.toFixed(1)).join(", ")}] = ${(share * 100).toFixed(1)}% of the ${LIMIT} calls/s limit (target >= 90%: ${share >= 0.9 ? "met" : "MISSED"})`,
          `max requests in flight at the stub: ${maxInFlight} (expected ${CONCURRENCY})`,
          `second run with the cache: ${rerunCalls} HTTP calls (target 0: ${rerunCalls === 0 ? "met" : "MISSED"})`,
          ...durable.lines,
        ],
        targetsMet: share >= 0.9 && rerunCalls === 0 && maxInFlight === CONCURRENCY && durable.met,
      };
    } finally {
      await stub.send("close");
      await stub.worker.terminate();
    }
  },
};

/**
 * The same load through the durable path: a judge run with its jobs in the database, one worker
 * claiming them with leases at concurrency 32, the database response cache, and each verdict
 * written with its job in one transaction. Postgres when DATABASE_URL is set, else PGlite.
 */
async function durablePath(stub: Awaited<ReturnType<typeof startStubWorker>>): Promise<{ lines: string[]; met: boolean }> {
  const url = process.env.DATABASE_URL;
  const fresh = url ? await createPostgresDatabase(url) : undefined;
  const h: DbHandle = await connect(fresh ? { databaseUrl: fresh.url, poolSize: 20 } : { dataDir: "memory://" });
  try {
    await migrateToLatest(h.db);
    const judgeOnce = async (evalId: number) => {
      const created = await createJudgeRun(h.db, { evalId, protocol: "pairwise", baseURL: stub.baseURL, model: "stub-model", actorId: null });
      const t0 = performance.now();
      await workRun(h.db, created.runId, { concurrency: CONCURRENCY, timeoutMs: 30_000 });
      const seconds = (performance.now() - t0) / 1000;
      const run = await h.db.selectFrom("judge_runs").selectAll().where("id", "=", created.runId).executeTakeFirstOrThrow();
      const verdicts = await h.db.selectFrom("verdicts").select((eb) => eb.fn.countAll<number>().as("n")).where("run_id", "=", created.runId).executeTakeFirstOrThrow();
      return { seconds, run, verdicts: Number(verdicts.n), jobs: created.jobs };
    };
    // Warm-up: JIT, connections, and the stub's keep-alive sockets.
    const warm = await makeJudgeFixture(h.db, { cases: 64, name: "bench-warm", pack: false });
    await judgeOnce(warm.evalId);
    const rates: number[] = [];
    let last: Awaited<ReturnType<typeof judgeOnce>> | undefined;
    let evalId = 0;
    for (let r = 0; r < 5; r++) {
      await h.db.deleteFrom("llm_cache").execute(); // cold cache: every call goes out
      const f = await makeJudgeFixture(h.db, { cases: COMPARISONS, name: `bench-${r}`, pack: false });
      evalId = f.evalId;
      await stub.send("reset");
      last = await judgeOnce(f.evalId);
      const calls = (await stub.send("stats")).calls;
      rates.push(calls / last.seconds);
    }
    const rate = median(rates);
    const share = rate / LIMIT;
    await stub.send("reset");
    const again = await judgeOnce(evalId); // the same judge over the same eval: all from the database cache
    const rerunCalls = (await stub.send("stats")).calls;
    const ok = last!.verdicts === last!.jobs && again.verdicts === again.jobs;
    return {
      lines: [
        `durable path (${h.kind}: jobs in the database, 1 worker, leases, database cache, verdict + job in one transaction): ${COMPARISONS} jobs, ${COMPARISONS * 2} calls per run`,
        `durable throughput: median ${rate.toFixed(1)} calls/s over 5 runs [${rates.map((x) => x.toFixed(1)).join(", ")}] = ${(share * 100).toFixed(1)}% of the ${LIMIT} calls/s limit (target >= 90%: ${share >= 0.9 ? "met" : "MISSED"})`,
        `durable second run of the same judge: ${rerunCalls} HTTP calls, ${again.run.cache_hits} cache hits, ${again.seconds.toFixed(2)} s (target 0 calls: ${rerunCalls === 0 ? "met" : "MISSED"}); one verdict per job: ${ok ? "yes" : "NO"}`,
      ],
      met: share >= 0.9 && rerunCalls === 0 && ok,
    };
  } finally {
    await h.close();
    await fresh?.drop();
  }
}

export default bench;
