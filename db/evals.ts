import { sql, type Kysely } from "kysely";
import { recordAudit } from "./audit.ts";
import type { Database, Eval, System } from "./types.ts";

export interface EvalSummary {
  id: number;
  name: string;
  description: string;
  overlap_k: number;
  created_at: Date;
  n_cases: number;
  n_outputs: number;
  n_systems: number;
}

export async function listEvals(db: Kysely<Database>): Promise<EvalSummary[]> {
  const rows = await db
    .selectFrom("evals as e")
    .select([
      "e.id",
      "e.name",
      "e.description",
      "e.overlap_k",
      "e.created_at",
      sql<number>`(select count(*) from cases c where c.eval_id = e.id)`.as("n_cases"),
      sql<number>`(select count(*) from outputs o join cases c on c.id = o.case_id where c.eval_id = e.id)`.as("n_outputs"),
      sql<number>`(select count(*) from systems s where s.eval_id = e.id)`.as("n_systems"),
    ])
    .orderBy("e.created_at", "desc")
    .execute();
  return rows.map((r) => ({ ...r, n_cases: Number(r.n_cases), n_outputs: Number(r.n_outputs), n_systems: Number(r.n_systems) }));
}

export async function getEval(db: Kysely<Database>, id: number): Promise<Eval | undefined> {
  return db.selectFrom("evals").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function getEvalByName(db: Kysely<Database>, name: string): Promise<Eval | undefined> {
  return db.selectFrom("evals").selectAll().where("name", "=", name).executeTakeFirst();
}

export async function listSystems(db: Kysely<Database>, evalId: number): Promise<System[]> {
  return db.selectFrom("systems").selectAll().where("eval_id", "=", evalId).orderBy("role").orderBy("name").execute();
}

export interface SliceCount {
  suite: string;
  category: string;
  n: number;
}

export async function caseSlices(db: Kysely<Database>, evalId: number): Promise<SliceCount[]> {
  const rows = await db
    .selectFrom("cases")
    .select(["suite", "category", (eb) => eb.fn.countAll<number>().as("n")])
    .where("eval_id", "=", evalId)
    .groupBy(["suite", "category"])
    .orderBy("suite")
    .orderBy("category")
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

export async function outputCounts(db: Kysely<Database>, evalId: number): Promise<{ system_id: number; n: number; n_errors: number }[]> {
  const rows = await db
    .selectFrom("outputs as o")
    .innerJoin("cases as c", "c.id", "o.case_id")
    .select([
      "o.system_id",
      (eb) => eb.fn.countAll<number>().as("n"),
      sql<number>`count(*) filter (where o.error is not null)`.as("n_errors"),
    ])
    .where("c.eval_id", "=", evalId)
    .groupBy("o.system_id")
    .execute();
  return rows.map((r) => ({ system_id: r.system_id, n: Number(r.n), n_errors: Number(r.n_errors) }));
}

export class EvalExistsError extends Error {}

export async function createEval(
  db: Kysely<Database>,
  input: { name: string; description: string; overlap_k: number; seed?: number; systems: { name: string; role: "candidate" | "baseline" | "other" }[] },
  actorId: number | null,
): Promise<Eval> {
  // A seed is drawn once and stored: every later random choice of the eval derives from it.
  const seed = input.seed ?? Math.floor(Math.random() * 2 ** 31);
  return db.transaction().execute(async (trx) => {
    const clash = await trx.selectFrom("evals").select("id").where("name", "=", input.name).executeTakeFirst();
    if (clash) throw new EvalExistsError(`an eval named "${input.name}" already exists`);
    const ev = await trx
      .insertInto("evals")
      .values({
        name: input.name,
        description: input.description,
        overlap_k: input.overlap_k,
        seed,
        criteria: JSON.stringify(["correctness", "helpfulness", "safety", "format adherence"]),
        created_by: actorId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.systems.length) {
      await trx.insertInto("systems").values(input.systems.map((s) => ({ eval_id: ev.id, name: s.name, role: s.role }))).execute();
    }
    await recordAudit(trx, { actorId, action: "eval.create", entity: "eval", entityId: ev.id, detail: { name: ev.name, systems: input.systems } });
    return ev;
  });
}

export async function addSystem(db: Kysely<Database>, evalId: number, system: { name: string; role: "candidate" | "baseline" | "other" }, actorId: number | null) {
  const row = await db.insertInto("systems").values({ eval_id: evalId, name: system.name, role: system.role }).returningAll().executeTakeFirstOrThrow();
  await recordAudit(db, { actorId, action: "system.create", entity: "system", entityId: row.id, detail: { evalId, ...system } });
  return row;
}
