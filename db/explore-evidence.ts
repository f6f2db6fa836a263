/**
 * Everything recorded about the cases on one explorer page, and the lead's resolution of a case's
 * flags (fixed, excluded, dismissed), recorded in flag_resolutions and the audit log.
 */
import { sql, type Kysely } from "kysely";
import { assertionStatus, type RowRubric } from "../app/core/explore/row.ts";
import { recordAudit } from "./audit.ts";
import type { CaseInput, Database } from "./types.ts";

export interface CaseEvidenceView {
  id: number;
  external_id: string;
  input: CaseInput;
  context: string | null;
  reference: string | null;
  category: string;
  suite: string;
  shape: string;
  tags: string[];
  outputs: { system: string; role: string; text: string | null; error: string | null; latency_ms: number | null; assertion: { status: string; reason: string | null; checks: { index: number; type: string; status: string; reason: string }[] } }[];
  judgments: { pair: string; annotator: string; choice: string; outcome: string; winner: string; ratings: Record<string, number>; reason: string | null; time_ms: number | null; at: string }[];
  adjudications: { pair: string; outcome: string }[];
  verdicts: { run_id: number; protocol: string; pair: string | null; system: string | null; winner: string | null; margin: number | null; position_consistent: boolean | null; score: number | null; passed: boolean | null; candidate_first: number | null; candidate_second: number | null; reason: string | null; model: string | null; at: string }[];
  flags: { id: number; annotator: string; kind: string; reason: string; at: string; open: boolean }[];
  resolutions: { action: string; note: string; by: string | null; at: string }[];
  excluded: { reason: string; at: string } | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export async function caseEvidence(db: Kysely<Database>, evalId: number, ids: number[]): Promise<CaseEvidenceView[]> {
  if (ids.length === 0) return [];
  const idList = sql.val(ids);
  const [cases, systems, outputs, judgments, comps, verdicts, flags, resolutions, exclusions, rubricRun] = await Promise.all([
    sql<{ id: number; external_id: string; input: CaseInput; context: string | null; reference: string | null; category: string; suite: string; shape: string; tags: string[]; assertions: unknown }>`
      select id, external_id, input, context, reference, category, suite, shape, tags, assertions from cases where eval_id = ${evalId} and id = any(${idList}::int[]) order by id`.execute(db),
    db.selectFrom("systems").select(["id", "name", "role"]).where("eval_id", "=", evalId).orderBy("id").execute(),
    sql<{ id: number; case_id: number; system_id: number; text: string | null; error: string | null; latency_ms: number | null }>`
      select id, case_id, system_id, text, error, latency_ms from outputs where case_id = any(${idList}::int[]) order by system_id`.execute(db),
    sql<{ case_id: number; a: number; b: number; annotator: string; choice: string; outcome: string; ratings: Record<string, number>; reason: string | null; time_ms: number | null; created_at: Date }>`
      select cm.case_id, cm.system_a_id as a, cm.system_b_id as b, u.name as annotator, j.choice, j.outcome, j.ratings, j.reason, j.time_ms, j.created_at
      from comparisons cm join judgments j on j.comparison_id = cm.id join users u on u.id = j.annotator_id
      where cm.eval_id = ${evalId} and cm.case_id = any(${idList}::int[]) order by j.id`.execute(db),
    sql<{ case_id: number; a: number; b: number; adjudicated: string | null }>`
      select case_id, system_a_id as a, system_b_id as b, adjudicated from comparisons where eval_id = ${evalId} and case_id = any(${idList}::int[]) and adjudicated is not null`.execute(db),
    sql<{ case_id: number; run_id: number; protocol: string; a: number | null; b: number | null; system_id: number | null; winner: string | null; margin: number | null; position_consistent: boolean | null; score: number | null; passed: boolean | null; detail: Record<string, unknown>; model: string | null; created_at: Date; output_id: number | null }>`
      select v.case_id, v.run_id, v.protocol, cm.system_a_id as a, cm.system_b_id as b, o.system_id, v.winner, v.margin::float8 as margin, v.position_consistent,
             v.score::float8 as score, v.passed, v.detail, r.config->>'model' as model, v.created_at, v.output_id
      from verdicts v join judge_runs r on r.id = v.run_id
      left join comparisons cm on cm.id = v.comparison_id left join outputs o on o.id = v.output_id
      where v.eval_id = ${evalId} and v.case_id = any(${idList}::int[]) order by v.id`.execute(db),
    sql<{ id: number; case_id: number; annotator: string; kind: string; reason: string; created_at: Date }>`
      select s.id, cm.case_id, u.name as annotator, s.kind, s.reason, s.created_at
      from task_skips s join comparisons cm on cm.id = s.comparison_id join users u on u.id = s.annotator_id
      where cm.eval_id = ${evalId} and cm.case_id = any(${idList}::int[]) order by s.id`.execute(db),
    sql<{ case_id: number; action: string; note: string; by: string | null; resolved_at: Date; covers_skip_id: number }>`
      select r.case_id, r.action, r.note, u.name as by, r.resolved_at, r.covers_skip_id
      from flag_resolutions r left join users u on u.id = r.resolved_by where r.case_id = any(${idList}::int[]) order by r.id`.execute(db),
    sql<{ case_id: number; reason: string; excluded_at: Date }>`select case_id, reason, excluded_at from case_exclusions where case_id = any(${idList}::int[])`.execute(db),
    sql<{ run: number | null }>`select run_id as run from explore_latest_run where eval_id = ${evalId} and protocol = 'rubric'`.execute(db),
  ]);
  const sysName = new Map(systems.map((s) => [s.id, s]));
  const name = (id: number | null) => (id === null ? null : sysName.get(id)?.name ?? `#${id}`);
  const pair = (a: number, b: number) => `${name(a)} vs ${name(b)}`;
  const latestRubric = rubricRun.rows[0]?.run ?? null;
  const rubrics: RowRubric[] = verdicts.rows
    .filter((v) => v.protocol === "rubric" && v.run_id === latestRubric && v.output_id !== null && v.passed !== null)
    .map((v) => ({ output_id: v.output_id!, index: v.detail.index === undefined || v.detail.index === null ? null : Number(v.detail.index), passed: v.passed!, score: v.score, reason: typeof v.detail.reason === "string" ? v.detail.reason : null }));
  const num = (x: unknown) => (typeof x === "number" ? x : null);
  return cases.rows.map((c) => {
    const covered = Math.max(0, ...resolutions.rows.filter((r) => r.case_id === c.id).map((r) => r.covers_skip_id));
    const ex = exclusions.rows.find((x) => x.case_id === c.id);
    return {
      id: c.id,
      external_id: c.external_id,
      input: c.input,
      context: c.context,
      reference: c.reference,
      category: c.category,
      suite: c.suite,
      shape: c.shape,
      tags: c.tags ?? [],
      outputs: outputs.rows
        .filter((o) => o.case_id === c.id)
        .map((o) => {
          const v = assertionStatus(c.assertions, o, rubrics);
          const s = sysName.get(o.system_id);
          return { system: s?.name ?? `#${o.system_id}`, role: s?.role ?? "other", text: o.text, error: o.error, latency_ms: o.latency_ms, assertion: { status: v.status, reason: v.reason, checks: v.checks.map((k) => ({ index: k.index, type: k.type, status: k.status, reason: k.reason })) } };
        })
        .sort((x, y) => (x.role === "candidate" ? -1 : y.role === "candidate" ? 1 : 0)),
      judgments: judgments.rows
        .filter((j) => j.case_id === c.id)
        .map((j) => ({ pair: pair(j.a, j.b), annotator: j.annotator, choice: j.choice, outcome: j.outcome, winner: j.outcome === "a" ? `${name(j.a)} better` : j.outcome === "b" ? `${name(j.b)} better` : j.outcome === "tie" ? "tie" : "both bad", ratings: j.ratings ?? {}, reason: j.reason, time_ms: j.time_ms, at: iso(j.created_at) })),
      adjudications: comps.rows.filter((x) => x.case_id === c.id).map((x) => ({ pair: pair(x.a, x.b), outcome: x.adjudicated === "a" ? `${name(x.a)} better` : x.adjudicated === "b" ? `${name(x.b)} better` : String(x.adjudicated) })),
      verdicts: verdicts.rows
        .filter((v) => v.case_id === c.id)
        .map((v) => ({
          run_id: v.run_id,
          protocol: v.protocol,
          pair: v.a !== null && v.b !== null ? pair(v.a, v.b) : null,
          system: name(v.system_id),
          winner: v.protocol !== "pairwise" ? null : v.winner === "a" ? `${name(v.a)} better` : v.winner === "b" ? `${name(v.b)} better` : "tie",
          margin: v.margin,
          position_consistent: v.position_consistent,
          score: v.score,
          passed: v.passed,
          candidate_first: num(v.detail.candidate_first),
          candidate_second: num(v.detail.candidate_second),
          reason: typeof v.detail.reason === "string" ? v.detail.reason : null,
          model: v.model,
          at: iso(v.created_at),
        })),
      flags: flags.rows.filter((f) => f.case_id === c.id).map((f) => ({ id: f.id, annotator: f.annotator, kind: f.kind, reason: f.reason, at: iso(f.created_at), open: f.kind === "flag" && f.id > covered })),
      resolutions: resolutions.rows.filter((r) => r.case_id === c.id).map((r) => ({ action: r.action, note: r.note, by: r.by, at: iso(r.resolved_at) })),
      excluded: ex ? { reason: ex.reason, at: iso(ex.excluded_at) } : null,
    };
  });
}

export type Resolution = { action: "fixed"; note: string; reference?: string } | { action: "excluded"; note: string } | { action: "dismissed"; note: string };

/** Resolves every open flag of a case; "excluded" also excludes the case from the report. */
export async function resolveFlags(db: Kysely<Database>, evalId: number, caseId: number, r: Resolution, actorId: number): Promise<{ ok: true; id: number } | { ok: false; error: string }> {
  return db.transaction().execute(async (tx) => {
    const c = await tx.selectFrom("cases").select(["id", "external_id", "reference"]).where("id", "=", caseId).where("eval_id", "=", evalId).executeTakeFirst();
    if (!c) return { ok: false as const, error: "No such case in this eval." };
    const top = await sql<{ id: number | null }>`select max(s.id) as id from task_skips s join comparisons cm on cm.id = s.comparison_id where cm.case_id = ${caseId}`.execute(tx);
    const covers = top.rows[0]?.id ?? 0;
    const row = await tx.insertInto("flag_resolutions").values({ eval_id: evalId, case_id: caseId, action: r.action, note: r.note, covers_skip_id: covers, resolved_by: actorId }).returning("id").executeTakeFirstOrThrow();
    const detail: Record<string, unknown> = { eval_id: evalId, case: c.external_id, action: r.action, note: r.note, covers_skip_id: covers };
    if (r.action === "fixed" && r.reference !== undefined && r.reference !== (c.reference ?? "")) {
      await tx.updateTable("cases").set({ reference: r.reference === "" ? null : r.reference, updated_at: sql`now()` }).where("id", "=", caseId).execute();
      detail.reference = { before: c.reference, after: r.reference };
    }
    if (r.action === "excluded") {
      await sql`insert into case_exclusions (case_id, eval_id, reason, excluded_by) values (${caseId}, ${evalId}, ${r.note}, ${actorId})
                on conflict (case_id) do update set reason = excluded.reason, excluded_by = excluded.excluded_by, excluded_at = now()`.execute(tx);
    }
    await recordAudit(tx, { actorId, action: `explore.flag_${r.action}`, entity: "case", entityId: caseId, detail });
    return { ok: true as const, id: row.id };
  });
}

/** Takes a case back into the report after an exclusion. */
export async function includeCase(db: Kysely<Database>, evalId: number, caseId: number, actorId: number): Promise<boolean> {
  const res = await db.deleteFrom("case_exclusions").where("case_id", "=", caseId).where("eval_id", "=", evalId).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) return false;
  await recordAudit(db, { actorId, action: "explore.include", entity: "case", entityId: caseId, detail: { eval_id: evalId } });
  return true;
}
