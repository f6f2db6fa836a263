/**
 * Loading a report's evidence and storing its snapshots and sign-offs. Aggregation happens in SQL:
 * judgments arrive counted by (comparison, outcome), pairwise verdicts by (comparison, winner,
 * consistency), so a million judgments are a few hundred thousand small rows at most; only reasons
 * of losses are read as text, capped.
 */
import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Pack } from "../app/schemas/pack.ts";
import { canonicalJson } from "../app/core/report/canonical-json.ts";
import type { FaithfulnessScore, ReportBody, ReportCase, ReportInput, ReportOutput } from "../app/core/report/types.ts";
import { latestRunIdWithVerdicts } from "./judge-runs.ts";
import { recordAudit } from "./audit.ts";
import { listPackVersions, lockPack } from "./packs.ts";
import type { Database, Decision } from "./types.ts";

export const REASON_SAMPLE = 5_000;

function num(v: unknown): number {
  return typeof v === "number" ? v : Number(v);
}

/**
 * A JSON array column read as text, parsed once per distinct text: cases with equal lists share one
 * array, so a report over 100,000 cases holds a handful of tag and assertion lists instead of 100,000
 * each (and validates each distinct assertion list once). Callers treat the lists as read-only.
 */
function sharedJson(cache: Map<string, unknown>, text: string | null): unknown {
  if (text === null) return [];
  let v = cache.get(text);
  if (v === undefined) cache.set(text, (v = JSON.parse(text)));
  return v;
}

/** One shared string per distinct category, suite or shape label (a few), not one per case row. */
function intern(cache: Map<string, string>, text: string): string {
  const seen = cache.get(text);
  if (seen !== undefined) return seen;
  cache.set(text, text);
  return text;
}

export async function loadReportInput(db: Kysely<Database>, evalId: number): Promise<ReportInput> {
  const ev = await db.selectFrom("evals").select(["id", "name", "seed"]).where("id", "=", evalId).executeTakeFirstOrThrow();
  // Every query starts at once (the run-dependent ones as soon as their run id is known), so Postgres
  // aggregates the judgments while Node parses the case and output rows.
  // The judge runs whose verdicts the report uses: per protocol, the latest with verdicts.
  const runIds = Promise.all([
    latestRunIdWithVerdicts(db, evalId, "pairwise"),
    latestRunIdWithVerdicts(db, evalId, "faithfulness"),
    latestRunIdWithVerdicts(db, evalId, "rubric"),
  ]);
  const first = Promise.all([
    db.selectFrom("systems").select(["id", "name", "role"]).where("eval_id", "=", evalId).orderBy("id").execute(),
    listPackVersions(db, evalId),
    // tags and assertions as text: most cases repeat a few lists, parsed once each below (sharedJson).
    sql<{ id: number; external_id: string; input: ReportCase["input"]; context: string | null; reference: string | null; category: string; suite: string; shape: string; tags: string | null; assertions: string | null }>`
      select id, external_id, input, context, reference, category, suite, shape, tags::text as tags, assertions::text as assertions
      from cases where eval_id = ${evalId} order by id`.execute(db),
    db
      .selectFrom("outputs as o")
      .innerJoin("cases as c", "c.id", "o.case_id")
      .select(["o.id", "o.case_id", "o.system_id", "o.text", "o.latency_ms", "o.error", "o.logprobs"])
      .where("c.eval_id", "=", evalId)
      .orderBy("o.id")
      .execute(),
    sql<{ comparison_id: number; case_id: number; system_a_id: number; system_b_id: number; a: number; b: number; tie: number; both_bad: number }>`
      with j as (
        select comparison_id,
               (count(*) filter (where outcome = 'a'))::int as a,
               (count(*) filter (where outcome = 'b'))::int as b,
               (count(*) filter (where outcome = 'tie'))::int as tie,
               (count(*) filter (where outcome = 'both_bad'))::int as both_bad
        from judgments where eval_id = ${evalId} group by comparison_id)
      select j.comparison_id, c.case_id, c.system_a_id, c.system_b_id, j.a, j.b, j.tie, j.both_bad
      from j join comparisons c on c.id = j.comparison_id
      order by j.comparison_id`.execute(db),
  ]);
  const second = runIds.then(([pairRun, faithRun, rubricRun]) =>
    Promise.all([
      pairRun === null
        ? Promise.resolve({ rows: [] as { comparison_id: number; case_id: number; system_a_id: number; system_b_id: number; a: number; b: number; tie: number; inconsistent: number }[] })
        : sql<{ comparison_id: number; case_id: number; system_a_id: number; system_b_id: number; a: number; b: number; tie: number; inconsistent: number }>`
            select v.comparison_id, c.case_id, c.system_a_id, c.system_b_id,
                   (count(*) filter (where v.winner = 'a'))::int as a,
                   (count(*) filter (where v.winner = 'b'))::int as b,
                   (count(*) filter (where v.winner = 'tie' or v.winner is null))::int as tie,
                   (count(*) filter (where v.position_consistent = false))::int as inconsistent
            from verdicts v join comparisons c on c.id = v.comparison_id
            where v.eval_id = ${evalId} and v.protocol = 'pairwise' and v.run_id = ${pairRun}
            group by v.comparison_id, c.case_id, c.system_a_id, c.system_b_id
            order by v.comparison_id`.execute(db),
      faithRun === null
        ? Promise.resolve([])
        : db
            .selectFrom("verdicts as v")
            .innerJoin("outputs as o", "o.id", "v.output_id")
            .select(["v.output_id", "v.case_id", "o.system_id", "v.score"])
            .where("v.eval_id", "=", evalId)
            .where("v.protocol", "=", "faithfulness")
            .where("v.run_id", "=", faithRun)
            .where("v.score", "is not", null)
            .orderBy("v.id")
            .execute(),
      rubricRun === null
        ? Promise.resolve({ rows: [] as { output_id: number; idx: string | null; passed: boolean; score: number | null; reason: string | null }[] })
        : sql<{ output_id: number; idx: string | null; passed: boolean; score: number | null; reason: string | null }>`
            select output_id, detail->>'index' as idx, passed, score, detail->>'reason' as reason
            from verdicts where eval_id = ${evalId} and protocol = 'rubric' and run_id = ${rubricRun}
              and output_id is not null and passed is not null
            order by id`.execute(db),
      sql<{ case_id: number; reason: string; candidate_is_a: boolean }>`
        select c.case_id, j.reason, (c.system_a_id = (select id from systems where eval_id = ${evalId} and role = 'candidate' order by id limit 1)) as candidate_is_a
        from judgments j join comparisons c on c.id = j.comparison_id
        where j.eval_id = ${evalId} and j.reason is not null and j.reason <> ''
          and (j.outcome = 'both_bad' or j.outcome = case when c.system_a_id = (select id from systems where eval_id = ${evalId} and role = 'candidate' order by id limit 1) then 'b' else 'a' end)
        order by j.id limit ${REASON_SAMPLE}`.execute(db),
      pairRun === null
        ? Promise.resolve({ rows: [] as { case_id: number; reason: string }[] })
        : sql<{ case_id: number; reason: string }>`
            select v.case_id, v.detail->>'reason' as reason
            from verdicts v join comparisons c on c.id = v.comparison_id
            where v.eval_id = ${evalId} and v.protocol = 'pairwise' and v.run_id = ${pairRun} and v.detail->>'reason' is not null
              and v.winner = case when c.system_a_id = (select id from systems where eval_id = ${evalId} and role = 'candidate' order by id limit 1) then 'b' else 'a' end
            order by v.id limit ${REASON_SAMPLE}`.execute(db),
      sql<{ reason: string }>`
        select reason from judgments where eval_id = ${evalId} and reason is not null and reason <> '' order by id limit ${REASON_SAMPLE}`.execute(db),
      sql<{ protocol: string; n: number }>`select protocol, count(*) as n from verdicts where eval_id = ${evalId} group by protocol order by protocol`.execute(db),
    ]),
  );
  const [[systems, packs, allCases, allOutputs, allJudgments], [allVerdicts, allFaithfulness, allRubrics, lossReasons, judgeReasons, background, runs], excludedRows] = await Promise.all([
    first,
    second,
    sql<{ case_id: number }>`select case_id from case_exclusions where eval_id = ${evalId}`.execute(db),
  ]);
  // Cases a lead excluded (explorer flag resolution) leave every figure: their rows are dropped here,
  // once, so the report, the gates and the gate API cannot disagree about them.
  const excluded = new Set(excludedRows.rows.map((r) => r.case_id));
  const keep = <T extends { case_id: number }>(rows: T[]): T[] => (excluded.size === 0 ? rows : rows.filter((r) => !excluded.has(r.case_id)));
  const cases = excluded.size === 0 ? allCases : { rows: allCases.rows.filter((c) => !excluded.has(c.id)) };
  const outputs = keep(allOutputs);
  const outputIds = excluded.size === 0 ? null : new Set(outputs.map((o) => o.id));
  const judgments = { rows: keep(allJudgments.rows) };
  const verdicts = { rows: keep(allVerdicts.rows) };
  const faithfulness = keep(allFaithfulness);
  const rubrics = outputIds === null ? allRubrics : { rows: allRubrics.rows.filter((r) => outputIds.has(r.output_id)) };
  // PPI needs the human subset drawn at random: judgments through Arbiter's tasks come from comparisons
  // opened in the eval's seeded order; one without a task (imported) was chosen elsewhere.
  const sampling = await sql<{ drawn: number; by_hand: number }>`
    select count(*) filter (where not x.by_hand)::int as drawn, count(*) filter (where x.by_hand)::int as by_hand
    from (select comparison_id, bool_or(task_id is null) as by_hand from judgments where eval_id = ${evalId} group by comparison_id) x`.execute(db);
  // Slice-first allocations (issue 17 item 4): the strata within which the human subset is random.
  const allocations = await db
    .selectFrom("queue_allocations")
    .select(["id", "case_ids"])
    .where("eval_id", "=", evalId)
    .orderBy("id")
    .execute();
  const labels = new Map<string, string>();
  const tagLists = new Map<string, unknown>();
  const assertionLists = new Map<string, unknown>();
  const current = packs[0];
  const locked = packs.filter((p) => p.locked_at).map((p) => p.version);
  return {
    eval: { id: ev.id, name: ev.name, seed: ev.seed },
    systems: systems.map((s) => ({ id: s.id, name: s.name, role: s.role })),
    cases: cases.rows.map(
      (c) =>
        Object.assign(c, {
          category: intern(labels, c.category),
          suite: intern(labels, c.suite),
          shape: intern(labels, c.shape),
          tags: sharedJson(tagLists, c.tags),
          assertions: sharedJson(assertionLists, c.assertions),
        }) as unknown as ReportCase,
    ),
    // Row objects are used as they come (counts are cast to int in SQL): at a few hundred thousand rows a
    // copy of each was a measurable share of the report's garbage collection.
    outputs: outputs as ReportOutput[],
    pack: current
      ? { version: current.version, body: current.body as Pack, content_hash: current.content_hash, locked_version: locked.length ? Math.min(...locked) : null, latest_version: current.version }
      : null,
    judgments: judgments.rows,
    verdicts: verdicts.rows,
    faithfulness: faithfulness as FaithfulnessScore[],
    rubrics: rubrics.rows.map((r) => ({ output_id: r.output_id, index: r.idx === null || r.idx === undefined || r.idx === "" ? null : Number(r.idx), passed: r.passed, score: r.score === null ? null : num(r.score), reason: r.reason })),
    lossReasons: [
      ...keep(lossReasons.rows).map((r) => ({ case_id: r.case_id, source: "annotator" as const, text: r.reason })),
      ...keep(judgeReasons.rows).map((r) => ({ case_id: r.case_id, source: "judge" as const, text: r.reason })),
    ],
    backgroundReasons: background.rows.map((r) => r.reason),
    judgeRuns: runs.rows.map((r) => ({ protocol: r.protocol, verdicts: num(r.n) })),
    humanSampling: {
      drawn: num(sampling.rows[0]?.drawn ?? 0),
      by_hand: num(sampling.rows[0]?.by_hand ?? 0),
      allocations: allocations.map((a) => ({ id: a.id, case_ids: (typeof a.case_ids === "string" ? JSON.parse(a.case_ids) : a.case_ids) as number[] })),
    },
    excludedByLead: excluded.size,
  };
}

export function reportHash(body: ReportBody): string {
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}

export interface StoredReport {
  id: number;
  eval_id: number;
  content_hash: string;
  pack_version: number | null;
  seed: number;
  decision: Decision;
  body: ReportBody;
  created_at: Date;
  created_by: number | null;
}

/**
 * Stores a snapshot once per (eval, content hash) and locks the pack (a report records a result).
 * Returns the stored row (the earlier one when the same evidence was reported before).
 */
export async function storeReport(db: Kysely<Database>, body: ReportBody, actorId: number | null): Promise<{ report: StoredReport; created: boolean }> {
  const hash = reportHash(body);
  return db.transaction().execute(async (trx) => {
    await lockPack(trx, body.eval.id, "report");
    const inserted = await trx
      .insertInto("reports")
      .values({
        eval_id: body.eval.id,
        content_hash: hash,
        pack_version: body.pack?.version ?? null,
        seed: body.eval.seed,
        decision: body.decision,
        body: JSON.stringify(body),
        created_by: actorId,
      })
      .onConflict((oc) => oc.columns(["eval_id", "content_hash"]).doNothing())
      .returningAll()
      .executeTakeFirst();
    const row = inserted ?? (await trx.selectFrom("reports").selectAll().where("eval_id", "=", body.eval.id).where("content_hash", "=", hash).executeTakeFirstOrThrow());
    return { report: { ...row, body: row.body as ReportBody }, created: Boolean(inserted) };
  });
}

export async function latestReport(db: Kysely<Database>, evalId: number): Promise<StoredReport | undefined> {
  const row = await db.selectFrom("reports").selectAll().where("eval_id", "=", evalId).orderBy("id", "desc").limit(1).executeTakeFirst();
  return row ? { ...row, body: row.body as ReportBody } : undefined;
}

export async function getReport(db: Kysely<Database>, evalId: number, reportId: number): Promise<StoredReport | undefined> {
  const row = await db.selectFrom("reports").selectAll().where("eval_id", "=", evalId).where("id", "=", reportId).executeTakeFirst();
  return row ? { ...row, body: row.body as ReportBody } : undefined;
}

export interface SignoffRow {
  id: number;
  report_id: number;
  decision: "go" | "no_go";
  note: string;
  owner_name: string;
  created_at: Date;
  report_hash: string;
  /** GO against a report that said NO_GO or INSUFFICIENT. */
  override: boolean;
  override_reason: string | null;
  /** Signed although the evidence had changed since this snapshot. */
  older_snapshot: boolean;
  older_reason: string | null;
  report_decision: Decision | null;
}

export interface NewSignoff {
  evalId: number;
  reportId: number;
  ownerId: number;
  decision: "go" | "no_go";
  note: string;
  /** The snapshot's decision; a GO against anything but SHIP must come with an override reason. */
  reportDecision?: Decision;
  overrideReason?: string | null;
  olderReason?: string | null;
}

/** Appends a sign-off and its audit entry in one transaction; an override is audited as one. */
export async function recordSignoff(db: Kysely<Database>, input: NewSignoff): Promise<number> {
  const override = Boolean(input.overrideReason);
  const older = Boolean(input.olderReason);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("signoffs")
      .values({
        eval_id: input.evalId,
        report_id: input.reportId,
        owner_id: input.ownerId,
        decision: input.decision,
        note: input.note,
        override,
        override_reason: input.overrideReason || null,
        older_snapshot: older,
        older_reason: input.olderReason || null,
        report_decision: input.reportDecision ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: input.ownerId,
      action: override ? "signoff.override" : "signoff.record",
      entity: "report",
      entityId: input.reportId,
      detail: {
        signoff_id: row.id,
        eval_id: input.evalId,
        decision: input.decision,
        report_decision: input.reportDecision ?? null,
        override,
        override_reason: input.overrideReason || null,
        older_snapshot: older,
        older_reason: input.olderReason || null,
      },
    });
    return row.id;
  });
}

export async function listSignoffs(db: Kysely<Database>, evalId: number): Promise<SignoffRow[]> {
  return db
    .selectFrom("signoffs as s")
    .innerJoin("users as u", "u.id", "s.owner_id")
    .innerJoin("reports as r", "r.id", "s.report_id")
    .select([
      "s.id", "s.report_id", "s.decision", "s.note", "u.name as owner_name", "s.created_at", "r.content_hash as report_hash",
      "s.override", "s.override_reason", "s.older_snapshot", "s.older_reason", "s.report_decision",
    ])
    .where("s.eval_id", "=", evalId)
    .orderBy("s.id", "desc")
    .execute();
}

export interface EvalDecision {
  report_id: number | null;
  decision: Decision | null;
  signoff: { decision: "go" | "no_go"; report_id: number; at: Date; override: boolean; older_snapshot: boolean } | null;
}

/** Per eval: the latest report's decision and the latest sign-off, for the owner's home page. */
export async function decisionsByEval(db: Kysely<Database>): Promise<Map<number, EvalDecision>> {
  const reports = await sql<{ eval_id: number; id: number; decision: Decision }>`
    select distinct on (eval_id) eval_id, id, decision from reports order by eval_id, id desc`.execute(db);
  const signoffs = await sql<{ eval_id: number; decision: "go" | "no_go"; report_id: number; created_at: Date; override: boolean; older_snapshot: boolean }>`
    select distinct on (eval_id) eval_id, decision, report_id, created_at, override, older_snapshot from signoffs order by eval_id, id desc`.execute(db);
  const out = new Map<number, EvalDecision>();
  for (const r of reports.rows) out.set(r.eval_id, { report_id: r.id, decision: r.decision, signoff: null });
  for (const s of signoffs.rows) {
    const e = out.get(s.eval_id) ?? { report_id: null, decision: null, signoff: null };
    e.signoff = { decision: s.decision, report_id: s.report_id, at: s.created_at, override: s.override, older_snapshot: s.older_snapshot };
    out.set(s.eval_id, e);
  }
  return out;
}
