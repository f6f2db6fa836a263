/** A case a lead excluded in the explorer leaves every figure and gate of the report (and says so). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { computeAndStoreReport } from "../../../app/services/report.server.ts";
import { insertUser } from "../../../db/users.ts";
import { backends, type TestDb } from "../../support/db.ts";
import { createReportFixture, PASS_RATE_GATE } from "../../support/report-fixture.ts";

describe.each(backends())("cases excluded by a lead on $name", (backend) => {
  let t: TestDb;
  let leadId: number;
  beforeAll(async () => {
    t = await backend.create();
    leadId = (await insertUser(t.db, { email: "l@x.test", name: "Lead", role: "lead", passwordHash: "x" })).id;
  });
  afterAll(async () => t?.close());

  it("drop out of the gate's n and value, and the report notes how many", async () => {
    // 20 cases, the candidate right on the first 18: pass rate 18/20.
    const f = await createReportFixture(t.db, { name: "excl", n: 20, candidateRight: 18, baselineRight: 10, gates: [PASS_RATE_GATE(0.8)] });
    const before = await computeAndStoreReport(t.db, f.evalId, null);
    expect(before.report.body.gates[0]).toMatchObject({ value: 0.9, n: 20 });
    // Exclude one case the candidate got right and one it got wrong: 17/18.
    for (const caseId of [f.caseIds[0], f.caseIds[19]]) {
      await sql`insert into case_exclusions (case_id, eval_id, reason, excluded_by) values (${caseId}, ${f.evalId}, 'bad reference', ${leadId})`.execute(t.db);
    }
    const after = await computeAndStoreReport(t.db, f.evalId, null);
    expect(after.report.body.gates[0].n).toBe(18);
    expect(after.report.body.gates[0].value).toBeCloseTo(17 / 18, 9);
    expect(after.report.body.notes.some((n: string) => n.startsWith("2 case(s) were excluded by a lead"))).toBe(true);
    expect(after.report.content_hash).not.toBe(before.report.content_hash);
  });
});
