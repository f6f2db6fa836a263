/**
 * All-or-nothing imports of cases and outputs. Rows stream in, are validated one by one and
 * written in batches inside ONE transaction; the first invalid row stops the writing (validation
 * goes on, to list every bad row) and the transaction rolls back, so the database is left exactly
 * as it was. Memory stays flat: only a batch, the ids seen and the errors are held.
 */
import { createHash } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { z } from "zod";
import { CaseRow, OutputRow, rowErrors, type RowError } from "../app/schemas/rows.ts";
import type { Row } from "../app/import/read-rows.ts";
import { recordAudit } from "./audit.ts";
import { lockAndFindJudgedCases, lockAndFindJudgedOutputs, lockEvalImports } from "./import-lock.ts";
import type { Database } from "./types.ts";

export const MAX_LISTED_ERRORS = 100;
const BATCH = 1000;

export interface ImportSummary {
  kind: "cases" | "outputs";
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export class ImportRejected extends Error {
  constructor(
    readonly fileName: string,
    readonly errors: RowError[],
    readonly totalErrors: number,
  ) {
    super(
      `${fileName}: ${totalErrors} invalid row${totalErrors === 1 ? "" : "s"}; nothing was imported\n` +
        errors.map((e) => `  ${fileName}:${e.line}: ${e.field ? `${e.field}: ` : ""}${e.reason}`).join("\n") +
        (totalErrors > errors.length ? `\n  … and ${totalErrors - errors.length} more` : ""),
    );
  }
}

export interface ImportOptions {
  actorId: number | null;
  fileName: string;
  /** Called after each batch with the number of rows read so far. */
  onProgress?: (rowsRead: number) => void;
  /** For outputs: the system every row belongs to, unless a row names its own. */
  systemName?: string;
}

function contentHash(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 32);
}

class ErrorList {
  readonly listed: RowError[] = [];
  total = 0;
  add(...errors: RowError[]) {
    for (const e of errors) {
      this.total++;
      if (this.listed.length < MAX_LISTED_ERRORS) this.listed.push(e);
    }
  }
}

/**
 * What runs inside the import's transaction around the batches: `prepare` reads what the eval
 * holds once the eval's import lock is held (so a concurrent import's commit is seen and each
 * reports what it actually did), `finish` re-checks under row locks that nothing it changes was
 * judged while it ran (see import-lock.ts).
 */
interface ImportSteps {
  prepare(trx: Transaction<Database>): Promise<void>;
  finish(trx: Transaction<Database>, errors: ErrorList): Promise<void>;
}

/** The shared loop: validate, dedupe by key, batch, flush while the file is still clean. */
async function runImport<T>(
  db: Kysely<Database>,
  rows: AsyncIterable<Row>,
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  keyOf: (row: T) => string,
  check: (row: T, line: number) => RowError | null,
  flush: (trx: Transaction<Database>, batch: { row: T; line: number }[], errors: ErrorList) => Promise<{ inserted: number; updated: number; unchanged: number }>,
  options: ImportOptions,
  kind: ImportSummary["kind"],
  audit: { evalId: number },
  steps: ImportSteps,
): Promise<ImportSummary> {
  const errors = new ErrorList();
  const summary: ImportSummary = { kind, rows: 0, inserted: 0, updated: 0, unchanged: 0 };
  const seen = new Map<string, number>();
  class Rollback extends Error {}
  try {
    await db.transaction().execute(async (trx) => {
      await lockEvalImports(trx, audit.evalId);
      await steps.prepare(trx);
      let batch: { row: T; line: number }[] = [];
      const flushBatch = async () => {
        if (batch.length && errors.total === 0) {
          const counts = await flush(trx, batch, errors);
          summary.inserted += counts.inserted;
          summary.updated += counts.updated;
          summary.unchanged += counts.unchanged;
        }
        batch = [];
        options.onProgress?.(summary.rows);
      };
      for await (const raw of rows) {
        summary.rows++;
        if (raw.error !== undefined) {
          errors.add({ line: raw.line, field: raw.field ?? null, reason: raw.error });
          continue;
        }
        const parsed = schema.safeParse(raw.record);
        if (!parsed.success) {
          errors.add(...rowErrors(raw.line, parsed.error));
          continue;
        }
        const key = keyOf(parsed.data);
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          errors.add({ line: raw.line, field: kind === "cases" ? "id" : "case_id", reason: `${key} already appears on line ${earlier}` });
          continue;
        }
        seen.set(key, raw.line);
        const problem = check(parsed.data, raw.line);
        if (problem) {
          errors.add(problem);
          continue;
        }
        batch.push({ row: parsed.data, line: raw.line });
        if (batch.length >= BATCH) await flushBatch();
      }
      await flushBatch();
      if (summary.rows === 0) errors.add({ line: 1, field: null, reason: "the file has no rows" });
      if (errors.total === 0) await steps.finish(trx, errors);
      if (errors.total > 0) throw new Rollback();
      await recordAudit(trx, {
        actorId: options.actorId,
        action: `import.${kind}`,
        entity: "eval",
        entityId: audit.evalId,
        detail: { file: options.fileName, ...summary },
      });
    });
  } catch (err) {
    if (err instanceof Rollback) throw new ImportRejected(options.fileName, errors.listed, errors.total);
    throw err;
  }
  return summary;
}

/**
 * What the eval already holds, read once at the start (under the eval's import lock): per-batch look-ups would scan a table the
 * planner has no statistics for yet (rows of the open transaction), which grows quadratically.
 */
async function existingCaseState(db: Transaction<Database>, evalId: number) {
  const rows = await db
    .selectFrom("cases as c")
    .select([
      "c.id",
      "c.external_id",
      "c.content_hash",
      sql<boolean>`exists (select 1 from judgments j join comparisons m on m.id = j.comparison_id where m.case_id = c.id)
        or exists (select 1 from verdicts v where v.case_id = c.id)`.as("judged"),
    ])
    .where("c.eval_id", "=", evalId)
    .execute();
  return new Map(rows.map((r) => [r.external_id, { id: r.id, content_hash: r.content_hash, judged: Boolean(r.judged) }]));
}

export async function importCases(db: Kysely<Database>, evalId: number, rows: AsyncIterable<Row>, options: ImportOptions): Promise<ImportSummary> {
  let existingCases: Awaited<ReturnType<typeof existingCaseState>> = new Map();
  // Cases this import rewrites, re-checked before commit: row id → first line and external id.
  const changed = new Map<number, { line: number; externalId: string }>();
  const steps: ImportSteps = {
    prepare: async (trx) => {
      existingCases = await existingCaseState(trx, evalId);
    },
    finish: async (trx, errors) => {
      const judged = await lockAndFindJudgedCases(trx, [...changed.keys()]);
      for (const [id, c] of changed) {
        if (judged.has(id)) errors.add({ line: c.line, field: "id", reason: `changes case ${c.externalId}, which was judged while this import ran` });
      }
    },
  };
  return runImport(
    db,
    rows,
    CaseRow,
    (c) => c.id,
    () => null,
    async (trx, batch, errors) => {
      const hashed = batch.map(({ row, line }) => ({ row, line, hash: contentHash(row) }));
      let inserted = 0;
      let updated = 0;
      let unchanged = 0;
      const writes = [];
      for (const h of hashed) {
        const old = existingCases.get(h.row.id);
        if (!old) inserted++;
        else if (old.content_hash === h.hash) {
          unchanged++;
          continue;
        } else if (old.judged) {
          errors.add({ line: h.line, field: "id", reason: `changes case ${h.row.id}, which already has judgments or verdicts` });
          continue;
        } else {
          updated++;
          changed.set(old.id, { line: h.line, externalId: h.row.id });
        }
        writes.push(h);
      }
      if (errors.total === 0 && writes.length) {
        await trx
          .insertInto("cases")
          .values(
            writes.map(({ row, hash }) => ({
              eval_id: evalId,
              external_id: row.id,
              input: JSON.stringify(row.input),
              context: row.context ?? null,
              reference: row.reference ?? null,
              category: row.category,
              suite: row.suite,
              shape: row.shape,
              tags: JSON.stringify(row.tags),
              assertions: JSON.stringify(row.assertions),
              content_hash: hash,
            })),
          )
          .onConflict((oc) =>
            oc.columns(["eval_id", "external_id"]).doUpdateSet((eb) => ({
              input: eb.ref("excluded.input"),
              context: eb.ref("excluded.context"),
              reference: eb.ref("excluded.reference"),
              category: eb.ref("excluded.category"),
              suite: eb.ref("excluded.suite"),
              shape: eb.ref("excluded.shape"),
              tags: eb.ref("excluded.tags"),
              assertions: eb.ref("excluded.assertions"),
              content_hash: eb.ref("excluded.content_hash"),
              updated_at: sql`now()`,
            })),
          )
          .execute();
      }
      return { inserted, updated, unchanged };
    },
    options,
    "cases",
    { evalId },
    steps,
  );
}

export async function importOutputs(db: Kysely<Database>, evalId: number, rows: AsyncIterable<Row>, options: ImportOptions): Promise<ImportSummary> {
  const systems = await db.selectFrom("systems").select(["id", "name"]).where("eval_id", "=", evalId).execute();
  const systemId = new Map(systems.map((s) => [s.name, s.id]));
  if (options.systemName && !systemId.has(options.systemName)) {
    throw new ImportRejected(options.fileName, [{ line: 1, field: "system", reason: `this eval has no system named "${options.systemName}" (it has: ${systems.map((s) => s.name).join(", ") || "none"})` }], 1);
  }
  // case external id → row id, loaded once: 100k short strings, far below the memory limit.
  const caseId = new Map<string, number>();
  const systemOf = (o: OutputRow) => o.system ?? options.systemName;
  const outputKey = (c: number, s: number) => `${c}:${s}`;
  const existingOutputs = new Map<string, { content_hash: string | null; judged: boolean }>();
  // Outputs this import rewrites, re-checked before commit.
  const changed = new Map<string, { line: number; caseId: number; systemId: number; externalId: string }>();
  const prepare = async (db: Transaction<Database>) => {
    for (const c of await db.selectFrom("cases").select(["id", "external_id"]).where("eval_id", "=", evalId).execute()) {
      caseId.set(c.external_id, c.id);
    }
    const existing = await db
      .selectFrom("outputs as o")
      .innerJoin("cases as c", "c.id", "o.case_id")
      .select([
        "o.case_id",
        "o.system_id",
        "o.content_hash",
        sql<boolean>`exists (select 1 from judgments j join comparisons m on m.id = j.comparison_id
            where m.case_id = o.case_id and (m.system_a_id = o.system_id or m.system_b_id = o.system_id))
          or exists (select 1 from verdicts v where v.output_id = o.id)
          or exists (select 1 from verdicts v join comparisons m on m.id = v.comparison_id
            where m.case_id = o.case_id and (m.system_a_id = o.system_id or m.system_b_id = o.system_id))`.as("judged"),
      ])
      .where("c.eval_id", "=", evalId)
      .execute();
    for (const e of existing) existingOutputs.set(outputKey(e.case_id, e.system_id), { content_hash: e.content_hash, judged: Boolean(e.judged) });
  };
  const finish = async (trx: Transaction<Database>, errors: ErrorList) => {
    const judged = await lockAndFindJudgedOutputs(trx, [...changed.values()]);
    for (const [key, o] of changed) {
      if (judged.has(key)) errors.add({ line: o.line, field: "case_id", reason: `changes the output of ${o.externalId}, which was judged while this import ran` });
    }
  };
  return runImport(
    db,
    rows,
    OutputRow,
    (o) => `${o.case_id} (system ${systemOf(o)})`,
    (o, line) => {
      const sys = systemOf(o);
      if (!sys) return { line, field: "system", reason: "no system: give the row a \"system\" field or import with --system" };
      if (!systemId.has(sys)) return { line, field: "system", reason: `this eval has no system named "${sys}"` };
      if (!caseId.has(o.case_id)) return { line, field: "case_id", reason: `no case with id ${o.case_id} in this eval (import the cases first)` };
      return null;
    },
    async (trx, batch, errors) => {
      const hashed = batch.map(({ row, line }) => {
        const { system: _s, ...content } = row;
        return { row, line, hash: contentHash(content), cid: caseId.get(row.case_id)!, sid: systemId.get(systemOf(row)!)! };
      });
      let inserted = 0;
      let updated = 0;
      let unchanged = 0;
      const writes = [];
      for (const h of hashed) {
        const old = existingOutputs.get(outputKey(h.cid, h.sid));
        if (!old) inserted++;
        else if (old.content_hash === h.hash) {
          unchanged++;
          continue;
        } else if (old.judged) {
          errors.add({ line: h.line, field: "case_id", reason: `changes the output of ${h.row.case_id}, which already has judgments or verdicts` });
          continue;
        } else {
          updated++;
          changed.set(outputKey(h.cid, h.sid), { line: h.line, caseId: h.cid, systemId: h.sid, externalId: h.row.case_id });
        }
        writes.push(h);
      }
      if (errors.total === 0 && writes.length) {
        await trx
          .insertInto("outputs")
          .values(
            writes.map(({ row, hash, cid, sid }) => ({
              case_id: cid,
              system_id: sid,
              text: row.text ?? null,
              latency_ms: row.latency_ms ?? null,
              prompt_tokens: row.prompt_tokens ?? null,
              completion_tokens: row.completion_tokens ?? null,
              logprobs: row.logprobs ? JSON.stringify(row.logprobs) : null,
              error: row.error ?? null,
              source: "import" as const,
              content_hash: hash,
            })),
          )
          .onConflict((oc) =>
            oc.columns(["case_id", "system_id"]).doUpdateSet((eb) => ({
              text: eb.ref("excluded.text"),
              latency_ms: eb.ref("excluded.latency_ms"),
              prompt_tokens: eb.ref("excluded.prompt_tokens"),
              completion_tokens: eb.ref("excluded.completion_tokens"),
              logprobs: eb.ref("excluded.logprobs"),
              error: eb.ref("excluded.error"),
              source: eb.ref("excluded.source"),
              content_hash: eb.ref("excluded.content_hash"),
              updated_at: sql`now()`,
            })),
          )
          .execute();
      }
      return { inserted, updated, unchanged };
    },
    options,
    "outputs",
    { evalId },
    { prepare, finish },
  );
}
