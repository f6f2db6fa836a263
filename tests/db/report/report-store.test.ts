import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentPack, savePack } from "../../../db/packs.ts";
import { latestReport, listSignoffs, recordSignoff } from "../../../db/report-data.ts";
import { createApiToken, revokeApiToken, verifyApiToken } from "../../../db/api-tokens.ts";
import { insertUser } from "../../../db/users.ts";
import { computeAndStoreReport } from "../../../app/services/report.server.ts";
import { backends, type TestDb } from "../../support/db.ts";
import { createReportFixture, PASS_RATE_GATE } from "../../support/report-fixture.ts";

describe.each(backends())("reports, sign-offs and tokens on %s", (backend) => {
  let t: TestDb;
  let ownerId: number;
  beforeAll(async () => {
    t = await backend.create();
    ownerId = (await insertUser(t.db, { email: "o@x.test", name: "Owner", role: "owner", passwordHash: "x" })).id;
  });
  afterAll(async () => t?.close());

  it("stores one snapshot per content hash, locks the pack, and a new version says the gates changed", async () => {
    const f = await createReportFixture(t.db, { name: "store", n: 20, candidateRight: 18, baselineRight: 10, gates: [PASS_RATE_GATE(0.8)] });
    const a = await computeAndStoreReport(t.db, f.evalId, null);
    expect(a.created).toBe(true);
    expect(a.report.decision).toBe("SHIP");
    expect(a.report.body.gates[0]).toMatchObject({ status: "pass", value: 0.9, n: 20 });
    expect(a.report.pack_version).toBe(1);
    expect((await currentPack(t.db, f.evalId))!.locked_at).not.toBeNull();
    const b = await computeAndStoreReport(t.db, f.evalId, null);
    expect(b.created).toBe(false);
    expect(b.report.id).toBe(a.report.id);
    expect(b.report.content_hash).toBe(a.report.content_hash);

    // Changing the gates after the lock creates version 2; the report says so and decides on it.
    await savePack(t.db, f.evalId, { name: "store-pack", regression_threshold: 0.05, gates: [PASS_RATE_GATE(0.95)] }, { actorId: null, format: "json" });
    const c = await computeAndStoreReport(t.db, f.evalId, null);
    expect(c.created).toBe(true);
    expect(c.report.decision).toBe("NO_GO");
    expect(c.report.body.pack).toMatchObject({ version: 2, locked_version: 1, changed_after_results: true });
    expect((await latestReport(t.db, f.evalId))!.id).toBe(c.report.id);
  });

  it("sign-offs are append-only: the database refuses UPDATE and DELETE", async () => {
    const f = await createReportFixture(t.db, { name: "signoff", n: 10, candidateRight: 9, baselineRight: 5, gates: [PASS_RATE_GATE(0.5)] });
    const { report } = await computeAndStoreReport(t.db, f.evalId, null);
    const id = await recordSignoff(t.db, { evalId: f.evalId, reportId: report.id, ownerId, decision: "go", note: "ship it" });
    await expect(sql`update signoffs set note = 'changed' where id = ${id}`.execute(t.db)).rejects.toThrow();
    await expect(sql`update signoffs set decision = 'no_go' where id = ${id}`.execute(t.db)).rejects.toThrow();
    await expect(sql`delete from signoffs where id = ${id}`.execute(t.db)).rejects.toThrow();
    const rows = await listSignoffs(t.db, f.evalId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ decision: "go", note: "ship it", report_id: report.id });
  });

  it("judgments enter the report aggregated: win rate, both_bad as a tie, agreement", async () => {
    const f = await createReportFixture(t.db, {
      name: "human",
      n: 12,
      candidateRight: 12,
      // No baseline answer equals the candidate's: identical pairs are tested below.
      baselineRight: 0,
      gates: [{ id: "pref", metric: "human_win_rate", scope: "all", mode: "value", comparator: ">=", threshold: 0.5, min_n: 30, decide_on: "bound" }],
    });
    const users = [];
    for (const k of [1, 2, 3]) users.push((await insertUser(t.db, { email: `a${k}@x.test`, name: `A${k}`, role: "annotator", passwordHash: "x" })).id);
    // 12 comparisons × 3 judgments. First 6: annotators 1, 2 prefer the candidate, annotator 3 says both_bad.
    // Last 6: annotator 1 prefers the candidate, annotators 2 and 3 the baseline (a loss by majority, with a reason).
    for (const [i, caseId] of f.caseIds.entries()) {
      const cmp = await t.db.insertInto("comparisons").values({ eval_id: f.evalId, case_id: caseId, system_a_id: f.candidateId, system_b_id: f.baselineId, target_k: 3 }).returning("id").executeTakeFirstOrThrow();
      for (const [k, user] of users.entries()) {
        const task = await t.db.insertInto("tasks").values({ eval_id: f.evalId, comparison_id: cmp.id, slot: k, candidate_left: k % 2 === 0, status: "done", annotator_id: user }).returning("id").executeTakeFirstOrThrow();
        const outcome = i < 6 ? (k < 2 ? "a" : "both_bad") : k === 0 ? "a" : "b";
        await t.db
          .insertInto("judgments")
          .values({ task_id: task.id, eval_id: f.evalId, comparison_id: cmp.id, annotator_id: user, choice: "tie", outcome, candidate_left: k % 2 === 0, ratings: "{}", reason: outcome === "b" ? "the candidate answer was too terse" : null })
          .execute();
      }
    }
    const { report } = await computeAndStoreReport(t.db, f.evalId, null);
    const h = report.body.human.overall!;
    // The comparison is the unit (issue 13 item 1): the first 6 items score (1 + 1 + ½) / 3 = 5/6 and are
    // wins on balance, the last 6 score 1/3 and are losses. Win rate = mean item score = (6·5/6 + 6·1/3) / 12
    // = 7/12; n = 12 comparisons, 36 judgments; decisive 6 / 12 = 0.5; no item is all "both bad".
    expect(h).toMatchObject({ n: 12, n_votes: 36, wins: 6, losses: 6, ties: 0, both_bad: 0 });
    expect(h.win_rate).toBeCloseTo(7 / 12, 9);
    expect(h.decisive_win_rate).toBeCloseTo(0.5, 12);
    expect(report.body.human).toMatchObject({ n_comparisons: 12, n_judgments: 36, n_identical: 0 });
    // min_n counts comparisons: 12 < 30.
    expect(report.body.gates[0]).toMatchObject({ n: 12, status: "insufficient_data" });
    expect(report.body.gates[0].value).toBeCloseTo(7 / 12, 9);
    expect(report.body.human.agreement!.n_units).toBe(12);
    expect(report.body.clusters.some((c) => c.kind === "keyword" && c.label.includes("terse"))).toBe(true);
  });

  it("API tokens are stored hashed, verified, and refused once revoked", async () => {
    const lead = await insertUser(t.db, { email: "l@x.test", name: "Lead", role: "lead", passwordHash: "x" });
    const { id, token } = await createApiToken(t.db, lead.id, "ci");
    const stored = await t.db.selectFrom("api_tokens").select("token_hash").where("id", "=", id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyApiToken(t.db, token)).toMatchObject({ id: lead.id, role: "lead" });
    expect(await verifyApiToken(t.db, token + "x")).toBeNull();
    expect(await revokeApiToken(t.db, { id: lead.id, role: "lead" }, id)).toBe(true);
    expect(await verifyApiToken(t.db, token)).toBeNull();
  });
});
