/**
 * A judge worker process killed mid-run (SIGKILL) loses nothing: its leases lapse, a new worker
 * finishes the run with exactly one verdict per job, and no HTTP call that had come back before
 * the kill is made again (the answer was in the database cache). Postgres only: PGlite is one
 * process's database, so two worker processes cannot share it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type DbHandle } from "../../db/connect.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { createJudgeRun } from "../../judges/runs.ts";
import { createPostgresDatabase } from "../support/db.ts";
import { judgeResponder, makeJudgeFixture } from "../support/judge-fixture.ts";
import { chatRequests, startOpenAIStub, type StubServer } from "../support/openai-stub.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) console.warn("judge-kill test skipped: it needs Postgres (set DATABASE_URL=postgres://...)");

const keyOf = (body: unknown) => JSON.stringify((body as { messages?: unknown })?.messages ?? null);

describe.skipIf(!DATABASE_URL)("judge worker killed mid-run (Postgres)", () => {
  let fresh: { url: string; drop(): Promise<void> };
  let h: DbHandle;
  let stub: StubServer;
  /** When each distinct prompt was answered by the stub. */
  const answeredAt = new Map<string, number>();
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    fresh = await createPostgresDatabase(DATABASE_URL!);
    h = await connect({ databaseUrl: fresh.url });
    await migrateToLatest(h.db);
    stub = await startOpenAIStub({
      kind: "answer",
      delayMs: 250,
      responder: (body) => {
        answeredAt.set(keyOf(body), Date.now());
        return judgeResponder(body);
      },
    });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await stub?.close();
    await h?.close();
    await fresh?.drop();
  });

  function startWorker(runId: number): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/judge-worker.ts", "--run", String(runId), "--concurrency", "4", "--poll-ms", "100"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: fresh.url, JUDGE_LEASE_MS: "2000" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let out = "";
    child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    return { child, exited, output: () => out };
  }

  it("completes with one verdict per job and repeats no finished call", async () => {
    const f = await makeJudgeFixture(h.db, { cases: 30 });
    const created = await createJudgeRun(h.db, { evalId: f.evalId, protocol: "pairwise", baseURL: stub.baseURL, model: "stub-model", actorId: null });
    expect(created.jobs).toBe(30);

    const first = startWorker(created.runId);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const done = await sql<{ n: number }>`select count(*) as n from judge_jobs where run_id = ${created.runId} and status = 'done'`.execute(h.db);
      if (Number(done.rows[0].n) >= 6) break;
      if (Date.now() > deadline) throw new Error(`first worker made no progress:\n${first.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill("SIGKILL");
    await first.exited;
    const killedAt = Date.now();
    const leasedAtKill = await sql<{ n: number }>`select count(*) as n from judge_jobs where run_id = ${created.runId} and status = 'leased'`.execute(h.db);
    expect(Number(leasedAtKill.rows[0].n)).toBeGreaterThan(0); // it really died mid-run
    // Answers that came back well before the kill reached the worker and its cache.
    const finishedBeforeKill = [...answeredAt].filter(([, at]) => at < killedAt - 150).map(([k]) => k);
    expect(finishedBeforeKill.length).toBeGreaterThan(0);

    const second = startWorker(created.runId);
    const code = await Promise.race([second.exited, new Promise<number>((r) => setTimeout(() => r(-1), 60_000))]);
    expect(code, second.output()).toBe(0);

    const run = await h.db.selectFrom("judge_runs").selectAll().where("id", "=", created.runId).executeTakeFirstOrThrow();
    expect(run.status).toBe("done");
    const perJob = await sql<{ status: string; n: number }>`
      select j.status, count(v.id) as n from judge_jobs j left join verdicts v on v.job_id = j.id
      where j.run_id = ${created.runId} group by j.id, j.status`.execute(h.db);
    expect(perJob.rows).toHaveLength(30);
    expect(perJob.rows.every((r) => r.status === "done" && Number(r.n) === 1)).toBe(true);

    const perPrompt = new Map<string, number>();
    for (const r of chatRequests(stub)) perPrompt.set(keyOf(r.body), (perPrompt.get(keyOf(r.body)) ?? 0) + 1);
    expect(perPrompt.size).toBe(60);
    const repeatedFinished = finishedBeforeKill.filter((k) => (perPrompt.get(k) ?? 0) > 1);
    expect(repeatedFinished).toEqual([]);
    // Only calls cut off by the kill may have gone out twice: at most the 4 in flight.
    const repeated = [...perPrompt.values()].filter((n) => n > 1).length;
    expect(repeated).toBeLessThanOrEqual(4);
  }, 120_000);
});
