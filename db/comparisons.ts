/**
 * Opening an eval for human judging: comparisons (case, system_a, system_b) and their k balanced,
 * blinded tasks. Idempotent: opening again adds only what is missing (new cases, new pairs).
 */
import { sql, type Kysely, type Transaction } from "kysely";
import { checkK, planSlots, queueRng, shuffleInPlace } from "../app/core/position-balance.ts";
import { identicalOutputs } from "../app/core/report/identical.ts";
import { recordAudit } from "./audit.ts";
import type { Database } from "./types.ts";

type Db = Kysely<Database> | Transaction<Database>;

export class OpenJudgingError extends Error {}

export interface OpenOptions {
  /** Annotators per comparison. */
  k: number;
  /** [system_a, system_b] pairs; default: the candidate against each baseline. */
  pairs?: [number, number][];
  /** Judge only this many cases (a seeded sample); default all. */
  caseLimit?: number;
  /** Cases with a reference become gold items when the reference settles the answer. */
  goldFromReference?: boolean;
  actorId: number | null;
}

export interface OpenResult {
  comparisons_created: number;
  comparisons_existing: number;
  tasks_created: number;
  /** (case, pair) left out because an output is missing or failed. */
  left_out: number;
  /** (case, pair) left out because both outputs are identical after trimming: ties nobody is asked about. */
  identical: number;
  gold: number;
}

const norm = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();

/** The gold answer a reference settles: the output that equals it wins; both equal is a tie. */
export function goldFromReference(reference: string | null, a: string, b: string): "a" | "b" | "tie" | null {
  if (reference === null || reference.trim() === "") return null;
  const r = norm(reference);
  const ma = norm(a) === r;
  const mb = norm(b) === r;
  if (ma && mb) return "tie";
  if (ma) return "a";
  if (mb) return "b";
  return null;
}

export async function defaultPairs(db: Db, evalId: number): Promise<[number, number][]> {
  const systems = await db.selectFrom("systems").select(["id", "role"]).where("eval_id", "=", evalId).orderBy("id").execute();
  const candidates = systems.filter((s) => s.role === "candidate");
  const baselines = systems.filter((s) => s.role === "baseline");
  return candidates.flatMap((c) => baselines.map((b) => [c.id, b.id] as [number, number]));
}

export async function openForJudging(db: Kysely<Database>, evalId: number, options: OpenOptions): Promise<OpenResult> {
  checkK(options.k);
  if (options.caseLimit !== undefined && (!Number.isInteger(options.caseLimit) || options.caseLimit < 1)) {
    throw new OpenJudgingError("The case limit must be a positive whole number.");
  }
  const opened = await db.transaction().execute(async (trx) => {
    const ev = await trx.selectFrom("evals").select(["id", "seed"]).where("id", "=", evalId).forUpdate().executeTakeFirst();
    if (!ev) throw new OpenJudgingError("No such eval.");
    const systems = await trx.selectFrom("systems").select(["id"]).where("eval_id", "=", evalId).execute();
    const known = new Set(systems.map((s) => s.id));
    const pairs = options.pairs ?? (await defaultPairs(trx, evalId));
    if (pairs.length === 0) throw new OpenJudgingError("Nothing to compare: the eval needs a candidate and at least one baseline, or chosen pairs.");
    for (const [a, b] of pairs) {
      if (!known.has(a) || !known.has(b)) throw new OpenJudgingError("A chosen system does not belong to this eval.");
      if (a === b) throw new OpenJudgingError("A system cannot be compared with itself.");
    }

    const cases = await trx.selectFrom("cases").select(["id", "reference"]).where("eval_id", "=", evalId).orderBy("id").execute();
    const rng = queueRng(ev.seed);
    const order = shuffleInPlace(cases.slice(), rng);

    const systemIds = [...new Set(pairs.flat())];
    const outputs = await trx
      .selectFrom("outputs as o")
      .innerJoin("cases as c", "c.id", "o.case_id")
      .select(["o.case_id", "o.system_id", "o.text", "o.error"])
      .where("c.eval_id", "=", evalId)
      .where("o.system_id", "in", systemIds)
      .execute();
    const text = new Map<string, string>();
    for (const o of outputs) if (o.text !== null && !o.error) text.set(`${o.case_id}:${o.system_id}`, o.text);

    const caseIds: number[] = [];
    const aIds: number[] = [];
    const bIds: number[] = [];
    const golds: (string | null)[] = [];
    let leftOut = 0;
    let identical = 0;
    // The case limit counts cases that are a question: one whose every pair is identical (a tie nobody is
    // asked about) does not use up the lead's sample, the next case in the seeded order takes its place.
    let taken = 0;
    for (const c of order) {
      if (options.caseLimit !== undefined && taken >= options.caseLimit) break;
      const before = caseIds.length;
      const identicalBefore = identical;
      for (const [a, b] of pairs) {
        const ta = text.get(`${c.id}:${a}`);
        const tb = text.get(`${c.id}:${b}`);
        if (ta === undefined || tb === undefined) {
          leftOut++;
          continue;
        }
        if (identicalOutputs({ text: ta }, { text: tb })) {
          identical++;
          continue;
        }
        caseIds.push(c.id);
        aIds.push(a);
        bIds.push(b);
        golds.push(options.goldFromReference ? goldFromReference(c.reference, ta, tb) : null);
      }
      if (caseIds.length > before || identical === identicalBefore) taken++;
    }

    const inserted = caseIds.length
      ? (
          await sql<{ id: number }>`
            insert into comparisons (eval_id, case_id, system_a_id, system_b_id, target_k, gold_answer)
            select ${evalId}, x.case_id, x.a, x.b, ${options.k}, x.gold
            from unnest(${caseIds}::int[], ${aIds}::int[], ${bIds}::int[], ${golds}::text[]) with ordinality as x(case_id, a, b, gold, ord)
            order by x.ord
            on conflict (case_id, system_a_id, system_b_id) do nothing
            returning id`.execute(trx)
        ).rows
      : [];

    // Tasks go to every chosen comparison that has none yet: the ones just inserted, and ones another
    // path created first (a judge run's ensureJudgeComparisons, an import), which would otherwise never
    // reach an annotator. Those take this opening's k (and the gold a reference settles, if they had none).
    // Comparisons that already have tasks keep them: opening again adds only what is missing.
    const untasked = caseIds.length
      ? (
          await sql<{ id: number; case_id: number; system_a_id: number; system_b_id: number; gold_answer: string | null }>`
            update comparisons c set target_k = ${options.k}, gold_answer = coalesce(c.gold_answer, x.gold)
            from unnest(${caseIds}::int[], ${aIds}::int[], ${bIds}::int[], ${golds}::text[]) as x(case_id, a, b, gold)
            where c.case_id = x.case_id and c.system_a_id = x.a and c.system_b_id = x.b
              and not exists (select 1 from tasks t where t.comparison_id = c.id)
            returning c.id, c.case_id, c.system_a_id, c.system_b_id, c.gold_answer`.execute(trx)
        ).rows
      : [];

    // Serving order: the seeded case order above, appended after anything already queued.
    const position = new Map<string, number>();
    caseIds.forEach((c, i) => position.set(`${c}:${aIds[i]}:${bIds[i]}`, i));
    untasked.sort((x, y) => position.get(`${x.case_id}:${x.system_a_id}:${x.system_b_id}`)! - position.get(`${y.case_id}:${y.system_a_id}:${y.system_b_id}`)!);
    const maxPos = await sql<{ m: number | null }>`select max(queue_pos) as m from tasks where eval_id = ${evalId}`.execute(trx);
    const base = (maxPos.rows[0]?.m ?? -1) + 1;

    const tComparison: number[] = [];
    const tSlot: number[] = [];
    const tLeft: boolean[] = [];
    const tFixed: boolean[] = [];
    const tPreferred: (boolean | null)[] = [];
    const tPos: number[] = [];
    untasked.forEach((cmp, i) => {
      for (const p of planSlots(options.k, rng)) {
        tComparison.push(cmp.id);
        tSlot.push(p.slot);
        tLeft.push(p.candidateLeft);
        tFixed.push(p.sideFixed);
        tPreferred.push(p.sideFixed ? null : p.candidateLeft);
        tPos.push(base + i * options.k + p.rank);
      }
    });
    // Big evals go in chunks so no single statement carries millions of array elements.
    const CHUNK = 60_000;
    for (let i = 0; i < tComparison.length; i += CHUNK) {
      const s = (arr: unknown[]) => arr.slice(i, i + CHUNK);
      await sql`
        insert into tasks (eval_id, comparison_id, slot, candidate_left, side_fixed, preferred_left, queue_pos, seed_pos)
        select ${evalId}, x.c, x.s, x.l, x.f, x.p, x.q, x.q
        from unnest(${s(tComparison)}::int[], ${s(tSlot)}::int[], ${s(tLeft)}::bool[], ${s(tFixed)}::bool[], ${s(tPreferred)}::bool[], ${s(tPos)}::int[])
          as x(c, s, l, f, p, q)
        on conflict (comparison_id, slot) do nothing`.execute(trx);
    }
    await trx.updateTable("evals").set({ overlap_k: options.k }).where("id", "=", evalId).execute();

    const result: OpenResult = {
      comparisons_created: inserted.length,
      comparisons_existing: caseIds.length - inserted.length,
      tasks_created: tComparison.length,
      left_out: leftOut,
      identical,
      gold: untasked.filter((c) => c.gold_answer !== null).length,
    };
    await recordAudit(trx, {
      actorId: options.actorId,
      action: "human.open",
      entity: "eval",
      entityId: evalId,
      detail: { k: options.k, pairs, case_limit: options.caseLimit ?? null, gold_from_reference: Boolean(options.goldFromReference), ...result },
    });
    return result;
  });
  // Fresh task rows have no statistics until autovacuum gets round to them, and without them the claim's
  // 32-row window gets a sort-everything plan (80 ms instead of 0.15 ms, notes/annotator.md). ANALYZE
  // samples a bounded number of rows, so this costs little however big the eval; after the commit, so
  // the opening's locks are not held through it.
  if (opened.tasks_created > 0) await sql`analyze tasks`.execute(db);
  return opened;
}

/** The lead's decision on a comparison the annotators disagree on (or any other). */
export async function adjudicate(
  db: Kysely<Database>,
  evalId: number,
  comparisonId: number,
  outcome: "a" | "b" | "tie" | "both_bad" | null,
  actorId: number,
): Promise<boolean> {
  const res = await db
    .updateTable("comparisons")
    .set({ adjudicated: outcome, adjudicated_by: outcome === null ? null : actorId })
    .where("id", "=", comparisonId)
    .where("eval_id", "=", evalId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) return false;
  await recordAudit(db, { actorId, action: "human.adjudicate", entity: "comparison", entityId: comparisonId, detail: { eval_id: evalId, outcome } });
  return true;
}
