/**
 * Issue 16 items 3 and 4: an import racing judging, and two imports racing each other, in one eval.
 * The rows come from generators the test steers, so the interleaving is forced by events (the
 * import has reached its last rows; the submits have answered), not by timing.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Row } from "../../app/import/read-rows.ts";
import { claimNextTask } from "../../db/claim-task.ts";
import { openForJudging } from "../../db/comparisons.ts";
import { createEval } from "../../db/evals.ts";
import { ImportRejected, importCases, importOutputs, type ImportSummary } from "../../db/import.ts";
import { submitJudgment } from "../../db/submit-judgment.ts";
import { backends, type TestDb } from "../support/db.ts";

const caseRow = (i: number, input = `question ${i}`) => ({ id: `c${i}`, input, reference: null, category: "simple", suite: "target", shape: "qa" });

async function* rowsOf(records: Record<string, unknown>[], pause?: { at: number; reached: () => void; proceed: Promise<void> }): AsyncGenerator<Row> {
  for (let i = 0; i < records.length; i++) {
    if (pause && i === pause.at) {
      pause.reached();
      await pause.proceed;
    }
    yield { line: i + 1, record: records[i] };
  }
}

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe.each(backends())("import races on $name", (backend) => {
  let t: TestDb;
  let evalNo = 0;
  beforeAll(async () => {
    t = await backend.create();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function newEval() {
    const ev = await createEval(
      t.db,
      {
        name: `race-${evalNo++}`,
        description: "",
        overlap_k: 1,
        systems: [
          { name: "ft", role: "candidate" },
          { name: "base", role: "baseline" },
        ],
      },
      null,
    );
    return ev.id;
  }

  it("a re-import never rewrites a case judged while it runs: no judgment points at text its annotator did not see", async () => {
    const N = 1205;
    const evalId = await newEval();
    const original = Array.from({ length: N }, (_, i) => caseRow(i));
    await importCases(t.db, evalId, rowsOf(original), { actorId: null, fileName: "cases.jsonl" });
    const outputs = original.flatMap((c) => [
      { case_id: c.id, system: "ft", text: `ft answer ${c.id}` },
      { case_id: c.id, system: "base", text: `base answer ${c.id}` },
    ]);
    await importOutputs(t.db, evalId, rowsOf(outputs), { actorId: null, fileName: "outputs.jsonl" });
    await openForJudging(t.db, evalId, { k: 1, actorId: null });
    const users = await sql<{ id: number }>`insert into users (email, name, role, password_hash)
      select 'race' || ${evalId} || '-' || g || '@x.test', 'A' || g, 'annotator', 'x' from generate_series(1, 5) g returning id`.execute(t.db);
    // Five annotators each hold a lease on one task: the cases the import will change.
    const leased: { annotator: number; taskId: string; caseExternal: string }[] = [];
    for (const { id } of users.rows) {
      const task = await claimNextTask(t.db, evalId, id);
      expect(task).not.toBeNull();
      const c = await sql<{ external_id: string }>`select cs.external_id from tasks t join comparisons m on m.id = t.comparison_id
        join cases cs on cs.id = m.case_id where t.id = ${task!.task_id}::uuid`.execute(t.db);
      leased.push({ annotator: id, taskId: task!.task_id, caseExternal: c.rows[0].external_id });
    }
    const changedIds = new Set(leased.map((l) => l.caseExternal));
    // The re-import: every case, the five leased ones last and with new text.
    const reimport = [...original.filter((c) => !changedIds.has(c.id)), ...original.filter((c) => changedIds.has(c.id)).map((c) => caseRow(Number(c.id.slice(1)), `rewritten ${c.id}`))];
    const reached = deferred();
    const proceed = deferred();
    const importing = importCases(t.db, evalId, rowsOf(reimport, { at: N - 5, reached: reached.resolve, proceed: proceed.promise }), { actorId: null, fileName: "reimport.jsonl" }).then(
      (summary) => ({ summary, error: null as unknown }),
      (error: unknown) => ({ summary: null as ImportSummary | null, error }),
    );
    await reached.promise;
    // The annotators submit while the import is open. On Postgres they commit at once; on PGlite
    // (one session) they queue behind the import's transaction, so they are not awaited first.
    const submits = Promise.all(leased.map((l) => submitJudgment(t.db, l.taskId, l.annotator, { choice: "left", ratings: {} })));
    if (t.kind === "postgres") await submits;
    proceed.resolve();
    const result = await importing;
    const answers = await submits;

    for (const l of leased) {
      const row = await sql<{ input: unknown; judged: boolean }>`select cs.input,
          exists (select 1 from judgments j join comparisons m on m.id = j.comparison_id where m.case_id = cs.id) as judged
        from cases cs where cs.eval_id = ${evalId} and cs.external_id = ${l.caseExternal}`.execute(t.db);
      // The invariant: a judged case still holds the text that was judged.
      if (row.rows[0].judged) expect(row.rows[0].input).toBe(`question ${l.caseExternal.slice(1)}`);
    }
    if (t.kind === "postgres") {
      // The judgments committed first, so the import must refuse the five rows, naming them.
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
      expect(result.error).toBeInstanceOf(ImportRejected);
      const rejected = result.error as ImportRejected;
      expect(rejected.totalErrors).toBe(5);
      expect(rejected.errors.map((e) => e.line).sort((a, b) => a - b)).toEqual([N - 4, N - 3, N - 2, N - 1, N]);
      expect(rejected.message).toMatch(/judged while this import ran/);
    } else {
      // The import committed first: the leases on the rewritten cases ended, nothing was recorded.
      expect(result.summary).toMatchObject({ rows: N, updated: 5, unchanged: N - 5, inserted: 0 });
      expect(answers.map((a) => a.status)).toEqual([410, 410, 410, 410, 410]);
    }
  });

  it("an output re-import likewise refuses (Postgres) or ends the lease (PGlite) on an output judged while it runs", async () => {
    const evalId = await newEval();
    const cases = Array.from({ length: 20 }, (_, i) => caseRow(i));
    await importCases(t.db, evalId, rowsOf(cases), { actorId: null, fileName: "cases.jsonl" });
    const outputs = (tag: string) =>
      cases.flatMap((c) => [
        { case_id: c.id, system: "ft", text: `ft ${tag} ${c.id}` },
        { case_id: c.id, system: "base", text: `base ${c.id}` },
      ]);
    await importOutputs(t.db, evalId, rowsOf(outputs("v1")), { actorId: null, fileName: "o1.jsonl" });
    await openForJudging(t.db, evalId, { k: 1, actorId: null });
    const user = await sql<{ id: number }>`insert into users (email, name, role, password_hash) values (${`out${evalId}@x.test`}, 'A', 'annotator', 'x') returning id`.execute(t.db);
    const annotator = user.rows[0].id;
    const task = (await claimNextTask(t.db, evalId, annotator))!;
    const c = await sql<{ external_id: string }>`select cs.external_id from tasks t join comparisons m on m.id = t.comparison_id
      join cases cs on cs.id = m.case_id where t.id = ${task.task_id}::uuid`.execute(t.db);
    const target = c.rows[0].external_id;
    const v1 = outputs("v1");
    const changed = [...v1.filter((o) => !(o.case_id === target && o.system === "ft")), { case_id: target, system: "ft", text: `ft v2 ${target}` }];
    const reached = deferred();
    const proceed = deferred();
    const importing = importOutputs(t.db, evalId, rowsOf(changed, { at: changed.length - 1, reached: reached.resolve, proceed: proceed.promise }), { actorId: null, fileName: "o2.jsonl" }).then(
      (summary) => ({ summary, error: null as unknown }),
      (error: unknown) => ({ summary: null as ImportSummary | null, error }),
    );
    await reached.promise;
    const submit = submitJudgment(t.db, task.task_id, annotator, { choice: "tie", ratings: {} });
    if (t.kind === "postgres") await submit;
    proceed.resolve();
    const result = await importing;
    const answer = await submit;
    if (result.error && !(result.error instanceof ImportRejected)) throw result.error;
    const text = await sql<{ text: string }>`select o.text from outputs o join cases cs on cs.id = o.case_id join systems s on s.id = o.system_id
      where cs.eval_id = ${evalId} and cs.external_id = ${target} and s.name = 'ft'`.execute(t.db);
    if (t.kind === "postgres") {
      expect(answer.status).toBe(201);
      expect((result.error as ImportRejected).errors).toEqual([{ line: changed.length, field: "case_id", reason: `changes the output of ${target}, which was judged while this import ran` }]);
      expect(text.rows[0].text).toBe(`ft v1 ${target}`);
    } else {
      expect(result.summary).toMatchObject({ updated: 1, unchanged: changed.length - 1 });
      expect(answer.status).toBe(410);
      expect(text.rows[0].text).toBe(`ft v2 ${target}`);
    }
  });

  it("two concurrent imports into one eval run one after the other and each reports what it did", async () => {
    const evalId = await newEval();
    const M = 3000;
    const a = Array.from({ length: M }, (_, i) => caseRow(i, `version A ${i}`));
    const b = Array.from({ length: M }, (_, i) => caseRow(i, `version B ${i}`));
    const [ra, rb] = await Promise.all([importCases(t.db, evalId, rowsOf(a), { actorId: null, fileName: "a.jsonl" }), importCases(t.db, evalId, rowsOf(b), { actorId: null, fileName: "b.jsonl" })]);
    // Exactly one inserted the 3000 cases; the other, running after it, updated all of them.
    const first = ra.inserted === M ? "A" : "B";
    const [firstSummary, secondSummary] = first === "A" ? [ra, rb] : [rb, ra];
    expect(firstSummary).toMatchObject({ rows: M, inserted: M, updated: 0, unchanged: 0 });
    expect(secondSummary).toMatchObject({ rows: M, inserted: 0, updated: M, unchanged: 0 });
    const second = first === "A" ? "B" : "A";
    const held = await sql<{ n: number }>`select count(*) as n from cases where eval_id = ${evalId} and input = to_jsonb('version ' || ${second}::text || ' ' || substr(external_id, 2))`.execute(t.db);
    expect(Number(held.rows[0].n)).toBe(M);
    // The audit log says the same as the summaries.
    const audits = await sql<{ detail: { inserted: number; updated: number } }>`select detail from audit_log where entity = 'eval' and entity_id = ${String(
      evalId,
    )} and action = 'import.cases' order by id`.execute(t.db);
    expect(audits.rows.map((r) => [r.detail.inserted, r.detail.updated])).toEqual([
      [M, 0],
      [0, M],
    ]);
  });
});
