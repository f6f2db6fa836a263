/**
 * Issue 13 on every backend: identical pairs go to neither annotators nor the judge and count as
 * ties; the report and the human tab give the same digits from one clustered definition; a snapshot
 * that is not current is refused for sign-off unless signed as older with a reason; a GO against the
 * report is an override, recorded as such in the sign-off, the audit log and the gate's answer.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeHumanReport } from "../../../app/core/human-report.ts";
import { roundNumbers } from "../../../app/core/report/canonical-json.ts";
import { computeAndStoreReport, gateDecision } from "../../../app/services/report.server.ts";
import { signOff } from "../../../app/services/signoff.server.ts";
import { openForJudging } from "../../../db/comparisons.ts";
import { loadHumanData } from "../../../db/human-report.ts";
import { judgeFigures } from "../../../db/judge-runs.ts";
import { listSignoffs } from "../../../db/report-data.ts";
import { insertUser } from "../../../db/users.ts";
import { createJudgeRun } from "../../../judges/runs.ts";
import { backends, type TestDb } from "../../support/db.ts";
import { createReportFixture, PASS_RATE_GATE } from "../../support/report-fixture.ts";

/** Votes (outcome from the candidate's side) of the i-th judged comparison, by i % 4. */
const PATTERNS: ("a" | "b" | "tie" | "both_bad")[][] = [
  ["a", "a", "a"], // score 1, a win
  ["a", "a", "b"], // 2/3, a win
  ["a", "b", "tie"], // 1/2, a tie
  ["b", "b", "both_bad"], // 1/6, a loss
];

describe.each(backends())("evidence you can stake a launch on, on %s", (backend) => {
  let t: TestDb;
  let ownerId: number;
  let leadId: number;
  const annotators: number[] = [];
  beforeAll(async () => {
    t = await backend.create();
    ownerId = (await insertUser(t.db, { email: "o@x.test", name: "Owner", role: "owner", passwordHash: "x" })).id;
    leadId = (await insertUser(t.db, { email: "l@x.test", name: "Lead", role: "lead", passwordHash: "x" })).id;
    for (const k of [1, 2, 3]) annotators.push((await insertUser(t.db, { email: `a${k}@x.test`, name: `A${k}`, role: "annotator", passwordHash: "x" })).id);
  });
  afterAll(async () => t?.close());

  it("arbiter_trim removes exactly what String.prototype.trim removes", async () => {
    const samples = ["  a \n", "\u00a0a\u2028", "\ufeff\ta b\u3000", "\u200ba\u200b", "\r\n\u000b\u000c x\u1680", "\u2000\u200a y \u202f\u205f", "", "  "];
    for (const s of samples) {
      const r = await sql<{ v: string }>`select arbiter_trim(${s}) as v`.execute(t.db);
      expect(r.rows[0].v, JSON.stringify(s)).toBe(s.trim());
    }
  });

  it("identical pairs reach no annotator and no judge; report and human tab agree to the digit", async () => {
    // 20 cases; the baseline answers the first 4 exactly as the candidate does (identical pairs).
    const f = await createReportFixture(t.db, {
      name: "identical",
      n: 20,
      candidateRight: 20,
      baselineRight: 4,
      gates: [{ id: "pref", metric: "human_win_rate", scope: "all", mode: "value", comparator: ">=", threshold: 0.5, min_n: 20, decide_on: "point" }],
    });
    // A trailing space and newline do not make a pair different.
    await sql`update outputs set text = text || ' \n' where case_id = ${f.caseIds[0]} and system_id = ${f.baselineId}`.execute(t.db);
    const opened = await openForJudging(t.db, f.evalId, { k: 3, actorId: leadId });
    expect(opened).toMatchObject({ comparisons_created: 16, identical: 4, tasks_created: 48 });
    const judge = await createJudgeRun(t.db, { evalId: f.evalId, protocol: "pairwise", baseURL: "http://127.0.0.1:9/v1", model: "m", actorId: null });
    expect(judge.jobs).toBe(16);

    const cmps = await t.db.selectFrom("comparisons").select(["id", "case_id"]).where("eval_id", "=", f.evalId).orderBy("case_id").execute();
    for (const [i, c] of cmps.entries()) {
      const tasks = await t.db.selectFrom("tasks").select(["id", "candidate_left"]).where("comparison_id", "=", c.id).orderBy("slot").execute();
      for (const [k, task] of tasks.entries()) {
        const outcome = PATTERNS[i % 4][k];
        await t.db.updateTable("tasks").set({ status: "done", annotator_id: annotators[k] }).where("id", "=", task.id).execute();
        await t.db
          .insertInto("judgments")
          .values({ task_id: task.id, eval_id: f.evalId, comparison_id: c.id, annotator_id: annotators[k], choice: "tie", outcome, candidate_left: task.candidate_left, ratings: "{}" })
          .execute();
      }
    }
    // One judge verdict per comparison: a, b, tie, a, ... (candidate is system a).
    const jobs = await t.db.selectFrom("judge_jobs as j").innerJoin("comparisons as c", "c.id", "j.comparison_id").select(["j.id", "j.comparison_id", "c.case_id"]).where("j.run_id", "=", judge.runId).orderBy("c.case_id").execute();
    for (const [i, j] of jobs.entries()) {
      await t.db
        .insertInto("verdicts")
        .values({ job_id: j.id, run_id: judge.runId, eval_id: f.evalId, protocol: "pairwise", comparison_id: j.comparison_id, case_id: j.case_id, winner: (["a", "b", "tie"] as const)[i % 3], position_consistent: true, prompt_version: "v", config_hash: judge.configHash, detail: "{}" })
        .execute();
    }
    const { report } = await computeAndStoreReport(t.db, f.evalId, null);
    // The judge tab's win rate is the report's: 16 verdicts plus 4 identical pairs as ties.
    const jf = (await judgeFigures(t.db, f.evalId, 42)).pairwise!;
    const jr = report.body.judge.pairwise!.overall;
    expect(jf).toMatchObject({ n: 16, n_items: 20, n_identical: 4 });
    expect(jr).toMatchObject({ n: 20, n_identical: 4 });
    expect(roundNumbers(jf.win_rate)).toBe(jr.win_rate);
    expect(roundNumbers(jf.ci95_win_rate)).toEqual(jr.ci95_win_rate);
    const h = report.body.human;
    // Hand computation: item scores 4×1 + 4×2/3 + 4×½ + 4×1/6 + 4 identical × ½ = 34/3 over 20 items = 17/30.
    expect(h).toMatchObject({ n_judgments: 48, n_comparisons: 16, n_identical: 4 });
    expect(h.overall).toMatchObject({ n: 20, n_votes: 48, wins: 8, losses: 4, ties: 8, n_identical: 4 });
    expect(h.overall!.win_rate).toBeCloseTo(17 / 30, 9);
    expect(h.overall!.decisive_win_rate).toBeCloseTo(8 / 12, 9);
    // Exact sign test over items: 2 · P(X ≤ 4), X ~ Bin(12, ½) = 2 · 794 / 4096.
    expect(h.overall!.p_value).toBeCloseTo((2 * 794) / 4096, 9);
    expect(report.body.gates[0]).toMatchObject({ n: 20, status: "pass" });
    expect(report.body.gates[0].ci95).toEqual(h.overall!.ci95_win_rate);
    expect(report.body.notes.some((n) => n.startsWith("4 identical pairs, counted as ties"))).toBe(true);

    const data = await loadHumanData(t.db, f.evalId);
    expect(data.identicalPairs).toHaveLength(4);
    const tab = computeHumanReport(data.judgments, data.comparisons, { seed: 42, now: Date.now(), identicalPairs: data.identicalPairs });
    const pair = tab.winRates.find((w) => w.pair === "ft vs base")!;
    expect(pair.n_identical).toBe(4);
    const all = roundNumbers(pair.rows.find((r) => r.category === "all")!);
    expect(all).toMatchObject({ n: 20, n_votes: 48, n_identical: 4, win_rate: h.overall!.win_rate, ci95: h.overall!.ci95_win_rate, p_value: h.overall!.p_value });
    for (const row of h.by_category) {
      const same = roundNumbers(pair.rows.find((r) => r.category === row.group)!);
      expect(same).toMatchObject({ n: row.n, win_rate: row.win_rate, ci95: row.ci95_win_rate });
    }
    // Krippendorff's alpha: the same value and interval on both.
    expect(roundNumbers(tab.agreement.alpha.value)).toBe(h.agreement!.alpha);
    expect(roundNumbers(tab.agreement.alpha.ci95)).toEqual(h.agreement!.ci95);
  });

  it("with identical: exclude, the win-rate gate leaves identical pairs out and says how many, with a link filter", async () => {
    const f = await createReportFixture(t.db, {
      name: "exclude",
      n: 12,
      candidateRight: 12,
      baselineRight: 5,
      gates: [{ id: "pref", metric: "human_win_rate", scope: "all", mode: "value", comparator: ">=", threshold: 0.5, min_n: 1, decide_on: "point" }],
    });
    await sql`update pack_versions set body = jsonb_set(body, '{identical}', '"exclude"') where eval_id = ${f.evalId}`.execute(t.db);
    await openForJudging(t.db, f.evalId, { k: 1, actorId: leadId });
    const cmps = await t.db.selectFrom("comparisons").select(["id"]).where("eval_id", "=", f.evalId).orderBy("case_id").execute();
    expect(cmps).toHaveLength(7);
    for (const c of cmps.slice(0, 4)) {
      const task = await t.db.selectFrom("tasks").select(["id", "candidate_left"]).where("comparison_id", "=", c.id).executeTakeFirstOrThrow();
      await t.db.insertInto("judgments").values({ task_id: task.id, eval_id: f.evalId, comparison_id: c.id, annotator_id: annotators[0], choice: "tie", outcome: "a", candidate_left: task.candidate_left, ratings: "{}" }).execute();
    }
    const { report } = await computeAndStoreReport(t.db, f.evalId, null);
    const g = report.body.gates[0];
    expect(g).toMatchObject({ n: 4, value: 1, status: "pass" });
    expect(g.excluded).toEqual([
      { reason: "identical", count: 5, text: "5 identical pair(s) left out (pack: identical: exclude)", filter: { identical: "1" } },
      { reason: "not_judged", count: 3, text: "3 case(s) have no human judgments yet", filter: { human: "none", identical: "0" } },
    ]);
  });

  it("a stale snapshot is refused for sign-off unless signed as older with a reason; a GO on a NO-GO is an override", async () => {
    const f = await createReportFixture(t.db, { name: "signoff", n: 20, candidateRight: 10, baselineRight: 0, gates: [PASS_RATE_GATE(0.8)] });
    const first = (await computeAndStoreReport(t.db, f.evalId, null)).report;
    expect(first.decision).toBe("NO_GO");
    const base = { evalId: f.evalId, ownerId, reportId: first.id, contentHash: first.content_hash, note: "n", older: { confirmed: false, reason: "" }, override: { confirmed: false, reason: "" } };

    expect(await signOff(t.db, { ...base, decision: "go" })).toMatchObject({ ok: false, status: 400, code: "override_unconfirmed" });
    expect(await signOff(t.db, { ...base, decision: "go", override: { confirmed: true, reason: "  " } })).toMatchObject({ ok: false, code: "override_reason" });
    const over = await signOff(t.db, { ...base, decision: "go", override: { confirmed: true, reason: "the failing gate measures a retired feature" } });
    expect(over).toMatchObject({ ok: true, override: true, older_snapshot: false });
    // A NO-GO agrees with the report: no override needed.
    expect(await signOff(t.db, { ...base, decision: "no_go" })).toMatchObject({ ok: true, override: false });

    const audit = await t.db.selectFrom("audit_log").select(["action", "detail"]).where("action", "like", "signoff.%").orderBy("id").execute();
    expect(audit.map((a) => a.action).slice(-2)).toEqual(["signoff.override", "signoff.record"]);
    expect(audit.at(-2)!.detail).toMatchObject({ override: true, report_decision: "NO_GO", override_reason: "the failing gate measures a retired feature" });

    // The gate's answer names the snapshot it decided on and its sign-off (the latest: the NO-GO).
    let gate = (await gateDecision(t.db, f.evalId, null)).summary;
    expect(gate).toMatchObject({ report_id: first.id, snapshot: { id: first.id, current: true }, signed_off: true, signoff: { decision: "no_go", override: false } });

    // The evidence changes: snapshot #1 is no longer current.
    await sql`update outputs set text = '1' where case_id = ${f.caseIds[0]} and system_id = ${f.baselineId}`.execute(t.db);
    expect(await signOff(t.db, { ...base, decision: "no_go" })).toMatchObject({ ok: false, status: 409, code: "stale_snapshot" });
    expect(await signOff(t.db, { ...base, decision: "no_go", older: { confirmed: true, reason: "" } })).toMatchObject({ ok: false, status: 400, code: "older_reason" });
    const older = await signOff(t.db, { ...base, decision: "no_go", older: { confirmed: true, reason: "the board read this one" } });
    expect(older).toMatchObject({ ok: true, older_snapshot: true });
    if (!older.ok) throw new Error("unreachable");
    expect(older.current_id).not.toBe(first.id);

    gate = (await gateDecision(t.db, f.evalId, null)).summary;
    expect(gate.snapshot.id).toBe(older.current_id);
    expect(gate).toMatchObject({ signed_off: false, signoff: null, latest_signoff: { report_id: first.id, older_snapshot: true, for_current_snapshot: false } });
    const rows = await listSignoffs(t.db, f.evalId);
    expect(rows.map((r) => [r.decision, r.override, r.older_snapshot])).toEqual([
      ["no_go", false, true],
      ["no_go", false, false],
      ["go", true, false],
    ]);
  });
});
