/**
 * Durable judge runs on every backend against the OpenAI-compatible stub over real HTTP: one
 * verdict per job, named failures that never count as verdicts, budget stops, lease recovery, the
 * database cache (a re-run makes no HTTP call), and judge-human agreement from the database.
 */
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { judgeHumanAgreement } from "../../app/core/judging/judge-human-agreement.ts";
import { judgeFigures, listJudgeRuns, loadJudgeHumanData, runProgress } from "../../db/judge-runs.ts";
import { DbResponseCache } from "../../db/llm-cache.ts";
import { createJudgeRun, JudgeRunError } from "../../judges/runs.ts";
import { claimJobs, workRun, type WorkerOptions } from "../../judges/worker.ts";
import { backends, type TestDb } from "../support/db.ts";
import { caseNumber, judgeResponder, makeJudgeFixture } from "../support/judge-fixture.ts";
import { chatRequests, startOpenAIStub, type StubServer } from "../support/openai-stub.ts";

let stub: StubServer;
beforeAll(async () => {
  stub = await startOpenAIStub({ kind: "answer", responder: judgeResponder });
});
afterAll(() => stub.close());
afterEach(() => {
  stub.reset();
  stub.setBehaviour({ kind: "answer", responder: judgeResponder });
});

const fast: WorkerOptions = { concurrency: 8, leaseMs: 5_000, pollMs: 20, backoff: { baseDelayMs: 10 }, maxRetries: 2, timeoutMs: 5_000 };

describe.each(backends())("judge runs on $name", (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await backend.create();
  });
  afterAll(() => t.close());

  async function verdictsPerJob(runId: number) {
    const r = await sql<{ job_id: number; n: number }>`
      select j.id as job_id, count(v.id) as n from judge_jobs j left join verdicts v on v.job_id = j.id
      where j.run_id = ${runId} group by j.id`.execute(t.db);
    return r.rows.map((x) => ({ job_id: x.job_id, n: Number(x.n) }));
  }

  it("pairwise: slow answers, one verdict per job, pack locked, and a re-run makes no HTTP call", async () => {
    const f = await makeJudgeFixture(t.db, { cases: 12 });
    stub.setBehaviour({ kind: "answer", responder: judgeResponder, delayMs: 60 });
    const created = await createJudgeRun(t.db, { evalId: f.evalId, protocol: "pairwise", baseURL: stub.baseURL, model: "stub-model", actorId: null });
    expect(created.jobs).toBe(12);
    expect(created.comparisonsCreated).toBe(12);
    const res = await workRun(t.db, created.runId, fast);
    expect(res.status).toBe("done");
    expect(chatRequests(stub)).toHaveLength(24); // both orders
    expect((await verdictsPerJob(created.runId)).every((x) => x.n === 1)).toBe(true);
    const verdicts = await t.db.selectFrom("verdicts").selectAll().where("run_id", "=", created.runId).execute();
    expect(verdicts.every((v) => v.winner === "a" && v.position_consistent === true && v.margin === 0.5)).toBe(true);
    expect(verdicts.every((v) => v.config_hash === created.configHash)).toBe(true);
    expect((verdicts[0].detail as { reason: string }).reason).toMatch(/stub/);
    const run = await t.db.selectFrom("judge_runs").selectAll().where("id", "=", created.runId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: "done", calls: 24, cache_hits: 0, tokens_used: 24 * 100 });
    expect(JSON.stringify(run.config)).not.toMatch(/api.?key/i);
    const pack = await t.db.selectFrom("pack_versions").select("locked_at").where("eval_id", "=", f.evalId).executeTakeFirstOrThrow();
    expect(pack.locked_at).not.toBeNull();

    stub.reset();
    const again = await createJudgeRun(t.db, { evalId: f.evalId, protocol: "pairwise", baseURL: stub.baseURL, model: "stub-model", actorId: null });
    expect(again.comparisonsCreated).toBe(0);
    await workRun(t.db, again.runId, fast);
    expect(chatRequests(stub)).toHaveLength(0);
    const run2 = await t.db.selectFrom("judge_runs").selectAll().where("id", "=", again.runId).executeTakeFirstOrThrow();
    expect(run2).toMatchObject({ status: "done", calls: 0, cache_hits: 24 });
    expect(await runProgress(t.db, again.runId)).toMatchObject({ total: 12, done: 12, verdicts: 12, failed: 0 });

    const figures = await judgeFigures(t.db, f.evalId);
    expect(figures.pairwise).toMatchObject({ n: 12, wins: 12, losses: 0, win_rate: 1, mean_margin: 0.5, position_consistency: 1 });
  });

  it("429 with Retry-After and 500s are retried; every job still gets exactly one verdict", async () => {
    const f = await makeJudgeFixture(t.db, { cases: 4 });
    stub.enqueue({ kind: "status", status: 429, retryAfter: 1 }, { kind: "status", status: 500 });
    const created = await createJudgeRun(t.db, { evalId: f.evalId, protocol: "pairwise", baseURL: stub.baseURL, model: "m-retry", actorId: null });
    const t0 = performance.now();
    const res = await workRun(t.db, created.runId, fast);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(900);
    expect(res.status).toBe("done");
    expect(await runProgress(t.db, created.runId)).toMatchObject({ total: 4, done: 4, failed: 0, verdicts: 4 });
    const run = await t.db.selectFrom("judge_runs").selectAll().where("id", "=", created.runId).executeTakeFirstOrThrow();
    expect(run.calls).toBe(10); // 8 answers + the two retried attempts
  });

  it("names failures (malformed after one repair, broken body, refused, unavailable) and never counts them as verdicts", async () => {
    const f = await makeJudgeFixture(t.db, { cases: 8 });
    stub.setBehaviour((body) => {
      const n = caseNumber(body);
      if (n === 1) return { kind: "answer", responder: () => "I prefer the first one, no JSON from me." };
      if (n === 2) return { kind: "malformed" };
      if (n === 3) return { kind: "refusal", mode: "field" };
      if (n === 4) return { kind: "status", status: 500 };
      return { kind: "answer", responder: judgeResponder };
    });
    const created = await createJudgeRun(t.db, { evalId: f.evalId, protocol: "pairwise", baseURL: stub.baseURL, model: "m-fail", actorId: null });
    const res = await workRun(t.db, created.runId, fast);
    // Some jobs failed: the run is partial, not done (issue 13 item 8).
    expect(res.status).toBe("partial");
    const p = await runProgress(t.db, created.runId);
    expect(p).toMatchObject({ total: 8, done: 4, failed: 4, verdicts: 4 });
    expect(p.failures).toEqual({ judge_malformed: 2, judge_refused: 1, judge_unavailable: 1 });
    const failed = await t.db
      .selectFrom("judge_jobs as j")
      .innerJoin("comparisons as c", "c.id", "j.comparison_id")
      .innerJoin("cases as cs", "cs.id", "c.case_id")
      .select(["cs.external_id", "j.failure_kind", "j.failure_detail", "j.id"])
      .where("j.run_id", "=", created.runId)
      .where("j.status", "=", "failed")
      .orderBy("cs.external_id")
      .execute();
    expect(failed.map((x) => [x.external_id, x.failure_kind])).toEqual([
      ["c1", "judge_malformed"],
      ["c2", "judge_malformed"],
      ["c3", "judge_refused"],
      ["c4", "judge_unavailable"],
    ]);
    expect(failed[0].failure_detail).toMatch(/after one repair/);
    const v = await t.db.selectFrom("verdicts").select("job_id").where("job_id", "in", failed.map((x) => x.id)).execute();
    expect(v).toHaveLength(0);
    // The non-JSON case was asked twice per order (the question and one repair).
    const c1 = chatRequests(stub).filter((r) => caseNumber(r.body) === 1);
    expect(c1).toHaveLength(4);
  });

  it("a run where every job failed is failed, with its first error texts (issue 13 item 8)", async () => {
    const f = await makeJudgeFixture(t.db, { cases: 3 });
    stub.setBehaviour({ kind: "status", status: 401 });
    const created = await createJudgeRun(t.db, { evalId: f.evalId, protocol: "pairwise", baseURL: stub.baseURL, model: "m-allfail", actorId: null });
    const res = await workRun(t.db, created.runId, fast);
    expect(res.status).toBe("failed");
    const [row] = await listJudgeRuns(t.db, f.evalId);
    expect(row).toMatchObject({ id: created.runId, status: "failed", total: 3, failed: 3, verdicts: 0 });
    expect(row.errors.length).toBeGreaterThanOrEqual(1);
    expect(row.errors.reduce((s, e) => s + e.n, 0)).toBe(3);
    expect(row.errors[0].detail.length).toBeGreaterThan(0);
  });

  it("stops cleanly when the token budget is spent: the rest fail as budget_exhausted", async () => {
    const f = await makeJudgeFixture(t.db, { cases: 10 });
    const created = await createJudgeRun(t.db, { evalId: f.evalId, protocol: "pairwise", baseURL: stub.baseURL, model: "m-budget", budgetTokens: 500, actorId: null });
    const res = await workRun(t.db, created.runId, { ...fast, concurrency: 1 });
    expect(res.status).toBe("stopped");
    const p = await runProgress(t.db, created.runId);
    expect(p.queued + p.leased).toBe(0);
    expect(p.done).toBe(p.verdicts);
    expect(p.done).toBeGreaterThanOrEqual(2);
    expect(p.done).toBeLessThan(10);
    expect(p.failures.budget_exhausted).toBe(10 - p.done);
    expect(chatRequests(stub).length).toBeLessThanOrEqual(6); // 500 tokens / 100 per call, plus one in flight
    const run = await t.db.selectFrom("judge_runs").selectAll().where("id", "=", created.runId).executeTakeFirstOrThrow();
    expect(run.status).toBe("stopped");
    expect(run.finished_at).not.toBeNull();
    expect(run.tokens_used).toBeGreaterThanOrEqual(500);
  });

  it("a job whose lease lapsed (a dead worker) is claimed again and judged once", async () => {
    const f = await makeJudgeFixture(t.db, { cases: 5 });
    const created = await createJudgeRun(t.db, { evalId: f.evalId, protocol: "pairwise", baseURL: stub.baseURL, model: "m-lease", actorId: null });
    const dead = await claimJobs(t.db, created.runId, "dead-worker", 3, 300);
    expect(dead).toHaveLength(3);
    // A live lease is not stealable.
    const live = await claimJobs(t.db, created.runId, "other", 10, 60_000);
    expect(live).toHaveLength(2);
    await sql`update judge_jobs set status = 'queued', worker = null, leased_until = null where id = any(${live.map((j) => j.id)}::int[])`.execute(t.db);
    await new Promise((r) => setTimeout(r, 350));
    const res = await workRun(t.db, created.runId, fast);
    expect(res).toMatchObject({ status: "done", done: 5 });
    const jobs = await t.db.selectFrom("judge_jobs").select(["id", "attempts", "status"]).where("run_id", "=", created.runId).orderBy("id").execute();
    expect(jobs.every((j) => j.status === "done")).toBe(true);
    expect(jobs.filter((j) => j.attempts === 2)).toHaveLength(5);
    expect((await verdictsPerJob(created.runId)).every((x) => x.n === 1)).toBe(true);
  });

  it("faithfulness keeps unsupported claims and counts cases without a source as not applicable", async () => {
    const f = await makeJudgeFixture(t.db, { cases: 6 });
    const created = await createJudgeRun(t.db, { evalId: f.evalId, protocol: "faithfulness", baseURL: stub.baseURL, model: "m-faith", actorId: null });
    expect(created.jobs).toBe(8); // 4 cases with a context × 2 systems
    expect(created.notApplicable).toBe(4);
    await workRun(t.db, created.runId, fast);
    const v = await t.db.selectFrom("verdicts").selectAll().where("run_id", "=", created.runId).execute();
    expect(v).toHaveLength(8);
    expect(v.every((x) => x.score === 0.5 && x.config_hash === created.configHash)).toBe(true);
    expect((v[0].detail as { unsupported: { claim: string }[] }).unsupported[0].claim).toBe("the answer cites a page");
    const figures = await judgeFigures(t.db, f.evalId);
    expect(figures.faithfulness?.not_applicable).toBe(4);
    expect(figures.faithfulness?.systems.find((s) => s.role === "candidate")).toMatchObject({ n: 4, mean: 0.5 });
    expect(figures.faithfulness?.examples[0].claim).toBe("the answer cites a page");
  });

  it("rubric grades each llm_rubric assertion of each output", async () => {
    const f = await makeJudgeFixture(t.db, { cases: 8 });
    const created = await createJudgeRun(t.db, { evalId: f.evalId, protocol: "rubric", baseURL: stub.baseURL, model: "m-rubric", actorId: null });
    expect(created.jobs).toBe(4); // cases 4 and 8 × 2 systems
    await workRun(t.db, created.runId, fast);
    const v = await t.db.selectFrom("verdicts").selectAll().where("run_id", "=", created.runId).execute();
    expect(v).toHaveLength(4);
    expect(v.every((x) => x.passed === true && (x.detail as { index: number }).index === 1 && x.config_hash === created.configHash)).toBe(true);
  });

  it("refuses to create a run without an endpoint; the database cache stores and returns answers", async () => {
    const f = await makeJudgeFixture(t.db, { cases: 1 });
    await expect(createJudgeRun(t.db, { evalId: f.evalId, protocol: "pairwise", baseURL: "", model: "m", actorId: null })).rejects.toBeInstanceOf(JudgeRunError);
    const cache = new DbResponseCache(t.db);
    const value = { content: "x", logprobs: null, usage: { prompt_tokens: 1, completion_tokens: 1 }, costUsd: null, finishReason: "stop", model: "m", createdAt: "now" };
    await cache.set("k1", value);
    await cache.set("k1", { ...value, content: "second" });
    expect(await cache.get("k1")).toEqual(value);
    expect(await cache.get("missing")).toBeUndefined();
  });

  it("judge-human agreement from the database, per config", async () => {
    const f = await makeJudgeFixture(t.db, { cases: 4 });
    const created = await createJudgeRun(t.db, { evalId: f.evalId, protocol: "pairwise", baseURL: stub.baseURL, model: "m-agree", actorId: null });
    await workRun(t.db, created.runId, fast);
    const users = await sql<{ id: number }>`
      insert into users (email, name, role, password_hash) select 'agree' || g || '-' || ${f.evalId} || '@x.test', 'A' || g, 'annotator', 'x' from generate_series(1, 2) g returning id`.execute(t.db);
    const cmps = await t.db.selectFrom("comparisons").select(["id"]).where("eval_id", "=", f.evalId).orderBy("id").execute();
    // Humans: comparison 1 both say a; comparison 2 a and b (no majority: tie); comparison 3 both_bad and tie (tie).
    const plan: [number, number, "a" | "b" | "tie" | "both_bad"][] = [
      [0, 0, "a"], [0, 1, "a"], [1, 0, "a"], [1, 1, "b"], [2, 0, "both_bad"], [2, 1, "tie"],
    ];
    for (const [ci, ui, outcome] of plan) {
      const task = await t.db
        .insertInto("tasks")
        .values({ eval_id: f.evalId, comparison_id: cmps[ci].id, slot: ui, candidate_left: true, preferred_left: null, status: "done" })
        .returning("id")
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto("judgments")
        .values({ task_id: task.id, eval_id: f.evalId, comparison_id: cmps[ci].id, annotator_id: users.rows[ui].id, choice: "left", outcome, candidate_left: true, ratings: "{}", reason: null, time_ms: 1000 })
        .execute();
    }
    const data = await loadJudgeHumanData(t.db, f.evalId);
    const [agreement] = judgeHumanAgreement(data.verdicts, data.judgments);
    expect(agreement.config_hash).toBe(created.configHash);
    expect(data.configs[created.configHash].model).toBe("m-agree");
    expect(agreement.n).toBe(3);
    expect(agreement.accuracy).toBeCloseTo(1 / 3, 10);
    expect(agreement.confusion.a).toEqual({ a: 1, b: 0, tie: 2 });
    const runs = await listJudgeRuns(t.db, f.evalId);
    expect(runs[0]).toMatchObject({ id: created.runId, done: 4, verdicts: 4, position_consistency: { n: 4, consistent: 4, rate: 1 } });
  });
});
