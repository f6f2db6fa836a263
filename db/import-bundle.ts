/**
 * The importer of other tools' files (app/import/formats): cases, outputs and votes from one
 * adapter, validated as Arbiter's own rows (app/schemas/rows.ts) and written in batches inside ONE
 * transaction, all or nothing, as db/import.ts does for plain files. The first invalid item stops
 * the writing; validation goes on to list every bad item; the transaction then rolls back.
 *
 * Votes become imported judgments (human raters; each external rater is a disabled account,
 * NAME@imported.invalid) or imported verdicts (external judges; one judge run per judge and
 * import). Both point at the `imports` row that says who imported them and when; Arbiter blinded
 * neither. Systems the eval does not have yet are added with role "other".
 *
 * Memory: a batch, and 12 bytes per case and output key seen (app/import/hash-table.ts, duplicate
 * detection), the systems and raters. Batches are written with unnest() arrays, one
 * statement per table per batch, which is what makes a million Arena battles fit in a minute.
 */
import { createHash } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import { CaseRow, OutputRow, rowErrors, type RowError } from "../app/schemas/rows.ts";
import { newReport, type AdapterOptions, type AdapterReport, type FormatAdapter, type ImportItem, type VoteRecord } from "../app/import/formats/types.ts";
import { recordAudit } from "./audit.ts";
import { fastCaseRow, fastOutputRow } from "../app/import/formats/fast-rows.ts";
import { HashSeen } from "../app/import/hash-table.ts";
import { ImportRejected, MAX_LISTED_ERRORS } from "./import.ts";
import { lockAndFindJudgedCases, lockAndFindJudgedOutputs, lockEvalImports } from "./import-lock.ts";
import { lockPack } from "./packs.ts";
import { enterBulkMode, leaveBulkMode } from "./import-bulk.ts";
import type { Database, SystemRole } from "./types.ts";

const BATCH = Number(process.env.ARBITER_IMPORT_BATCH) || 8000;
const PROFILE = !!process.env.ARBITER_IMPORT_PROFILE;
export const prof = { cases: 0, lookup: 0, outputs: 0, votes: 0 };

export interface BundleSummary {
  format: string;
  import_id: number;
  items: number;
  cases: { inserted: number; updated: number; unchanged: number };
  outputs: { inserted: number; updated: number; unchanged: number };
  judgments: number;
  verdicts: number;
  /** Votes already recorded for the same rater and comparison (a re-import): not counted twice. */
  duplicate_votes: number;
  systems_created: string[];
  unsupported: AdapterReport["unsupported"];
  notes: string[];
}

export interface BundleOptions extends AdapterOptions {
  actorId: number | null;
  fileName: string;
  onProgress?: (items: number) => void;
}

function contentHash(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 32);
}

/** cyrb53: a fast 53-bit string hash, for "seen this key / this content before" sets. */
function hash53(str: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
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

type PendingCase = { line: number; row: CaseRow; hash: string };
type PendingOutput = { line: number; row: OutputRow; system: string; hash: string; turns: string[] | null; metrics: Record<string, unknown> | null };
type PendingVote = { line: number; vote: VoteRecord };

/** The external rater's account: a stable address per name, disabled, with no usable password. */
export function externalRaterEmail(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "rater";
  return `${slug}-${createHash("sha256").update(name).digest("hex").slice(0, 8)}@imported.invalid`;
}

export async function importFormat(db: Kysely<Database>, evalId: number, adapter: FormatAdapter, path: string, options: BundleOptions): Promise<BundleSummary> {
  const errors = new ErrorList();
  const report = newReport();
  class Rollback extends Error {}
  let summary!: BundleSummary;
  try {
    await db.transaction().execute(async (trx) => {
      // One import per eval at a time, as db/import.ts (db/import-lock.ts).
      await lockEvalImports(trx, evalId);
      const imp = await trx
        .insertInto("imports")
        .values({ eval_id: evalId, format: adapter.name, file_name: options.fileName, imported_by: options.actorId, summary: "{}" })
        .returning(["id"])
        .executeTakeFirstOrThrow();
      summary = {
        format: adapter.name,
        import_id: imp.id,
        items: 0,
        cases: { inserted: 0, updated: 0, unchanged: 0 },
        outputs: { inserted: 0, updated: 0, unchanged: 0 },
        judgments: 0,
        verdicts: 0,
        duplicate_votes: 0,
        systems_created: [],
        unsupported: report.unsupported,
        notes: report.notes,
      };
      const writer = new Writer(trx, evalId, imp.id, adapter.name, options, errors, summary);
      await writer.loadSystems();
      // A new eval: no foreign-key triggers per row, their work done once (db/import-bulk.ts).
      const bulk = writer.fresh && (await enterBulkMode(trx, evalId));
      let cases: PendingCase[] = [];
      let outputs: PendingOutput[] = [];
      let votes: PendingVote[] = [];
      // One batch is written while the next is read and validated: the server's work and ours
      // overlap (the connection runs the statements one after the other, in order, as before).
      let writing: Promise<void> | null = null;
      let failed: { error: unknown } | null = null;
      const settle = async () => {
        if (writing) await writing;
        writing = null;
        if (failed) throw failed.error;
      };
      const flush = async () => {
        await settle();
        const batch = [cases, outputs, votes] as const;
        const items = summary.items;
        cases = [];
        outputs = [];
        votes = [];
        writing = writer.flush(...batch).then(
          () => options.onProgress?.(items),
          (error) => void (failed = { error }),
        );
      };
      for await (const item of adapter.read(path, options, report)) {
        summary.items++;
        const accepted = writer.accept(item);
        if (accepted?.kind === "case") cases.push(accepted.p);
        else if (accepted?.kind === "output") outputs.push(accepted.p);
        else if (accepted?.kind === "vote") votes.push(accepted.p);
        if (cases.length + outputs.length + votes.length >= BATCH) await flush();
      }
      await flush();
      await settle();
      if (summary.items === 0) errors.add({ line: 1, field: null, reason: "the file has nothing to import" });
      if (errors.total > 0) throw new Rollback();
      if (bulk) await leaveBulkMode(trx, evalId, writer.judgedPerRater, [...writer.verdictRuns]);
      if (summary.judgments + summary.verdicts > 0) await lockPack(trx, evalId, `import ${adapter.name}`);
      const { import_id: _i, ...detail } = summary;
      await trx.updateTable("imports").set({ summary: JSON.stringify(detail) }).where("id", "=", imp.id).execute();
      await recordAudit(trx, { actorId: options.actorId, action: `import.${adapter.name}`, entity: "eval", entityId: evalId, detail: { file: options.fileName, import_id: imp.id, ...detail } });
    });
  } catch (err) {
    if (err instanceof Rollback) throw new ImportRejected(options.fileName, errors.listed, errors.total);
    throw err;
  }
  return summary;
}

class Writer {
  private systems = new Map<string, { id: number; role: SystemRole }>();
  /** key hash → content hash of every case and output accepted so far. */
  private seenCases = new HashSeen();
  private seenOutputs = new HashSeen();
  private raters = new Map<string, number>();
  private runs = new Map<string, number>();
  private newSystems = new Set<string>();
  /** Systems asked for by an item, created or about to be (a batch may be in flight). */
  private requested = new Set<string>();

  constructor(
    private trx: Transaction<Database>,
    private evalId: number,
    private importId: number,
    private format: string,
    private options: BundleOptions,
    private errors: ErrorList,
    private summary: BundleSummary,
  ) {}

  /** The eval held no cases when the import began: nothing in it can be changed or judged yet. */
  fresh = false;
  /** Judgments inserted per rater account, and the judge runs that got verdicts (db/import-bulk.ts). */
  readonly judgedPerRater = new Map<number, number>();
  readonly verdictRuns = new Set<number>();

  async loadSystems() {
    this.fresh = !(await this.trx.selectFrom("cases").select("id").where("eval_id", "=", this.evalId).limit(1).executeTakeFirst());
    for (const s of await this.trx.selectFrom("systems").select(["id", "name", "role"]).where("eval_id", "=", this.evalId).execute()) this.systems.set(s.name, { id: s.id, role: s.role });
  }

  /** Validates one item; returns what to write, or null (an error recorded, or an identical repeat). */
  accept(item: ImportItem): { kind: "case"; p: PendingCase } | { kind: "output"; p: PendingOutput } | { kind: "vote"; p: PendingVote } | null {
    const { errors } = this;
    if (item.kind === "error") {
      errors.add({ line: item.line, field: item.field, reason: item.reason });
      return null;
    }
    if (item.kind === "case") {
      const fast = fastCaseRow(item.record);
      const parsed = fast ? { success: true as const, data: fast } : CaseRow.safeParse(item.record);
      if (!parsed.success) {
        errors.add(...rowErrors(item.line, parsed.error));
        return null;
      }
      const hash = contentHash(parsed.data);
      const key = hash53(parsed.data.id);
      const h = hash53(hash) >>> 0;
      const earlier = this.seenCases.get(key);
      if (earlier !== undefined) {
        if (earlier !== h) errors.add({ line: item.line, field: "id", reason: `case ${parsed.data.id} appears earlier in the file with other content` });
        return null;
      }
      this.seenCases.set(key, h);
      return { kind: "case", p: { line: item.line, row: parsed.data, hash } };
    }
    if (item.kind === "output") {
      const fast = fastOutputRow(item.record);
      const parsed = fast ? { success: true as const, data: fast } : OutputRow.safeParse(item.record);
      if (!parsed.success) {
        errors.add(...rowErrors(item.line, parsed.error));
        return null;
      }
      const system = parsed.data.system ?? this.options.system;
      if (!system) {
        errors.add({ line: item.line, field: "system", reason: "no system: the file does not say, so import with --system" });
        return null;
      }
      this.noteSystem(system);
      const { system: _s, ...content } = parsed.data;
      const turns = item.turns && item.turns.length > 1 ? item.turns : null;
      const metrics = item.metrics && Object.keys(item.metrics).length ? item.metrics : null;
      const hash = contentHash(turns || metrics ? { ...content, turns, metrics } : content);
      const key = hash53(`${parsed.data.case_id}\u0000${system}`);
      const h = hash53(hash) >>> 0;
      const earlier = this.seenOutputs.get(key);
      if (earlier !== undefined) {
        if (earlier !== h) errors.add({ line: item.line, field: "case_id", reason: `the output of ${system} for ${parsed.data.case_id} appears earlier in the file with other content` });
        return null;
      }
      this.seenOutputs.set(key, h);
      return { kind: "output", p: { line: item.line, row: parsed.data, system, hash, turns, metrics } };
    }
    const v = item.vote;
    if (!v.system_1 || !v.system_2 || v.system_1 === v.system_2) {
      errors.add({ line: item.line, field: "system", reason: `a vote needs two different systems, found ${JSON.stringify(v.system_1)} and ${JSON.stringify(v.system_2)}` });
      return null;
    }
    if (v.score !== undefined && !(v.score >= 0 && v.score <= 1)) {
      errors.add({ line: item.line, field: "score", reason: `a preference score is in [0, 1], found ${v.score}` });
      return null;
    }
    this.noteSystem(v.system_1);
    this.noteSystem(v.system_2);
    return { kind: "vote", p: { line: item.line, vote: v } };
  }

  private noteSystem(name: string) {
    if (!this.systems.has(name) && !this.requested.has(name)) {
      this.requested.add(name);
      this.newSystems.add(name);
    }
  }

  private get clean() {
    return this.errors.total === 0;
  }

  async flush(cases: PendingCase[], outputs: PendingOutput[], votes: PendingVote[]) {
    if (this.newSystems.size && this.clean) {
      const names = [...this.newSystems].sort();
      this.newSystems.clear();
      const rows = await this.trx
        .insertInto("systems")
        .values(names.map((name) => ({ eval_id: this.evalId, name, role: "other" as const })))
        .returning(["id", "name", "role"])
        .execute();
      for (const s of rows) this.systems.set(s.name, { id: s.id, role: s.role });
      this.summary.systems_created.push(...names);
    }
    const T = PROFILE ? performance.now() : 0;
    const caseIds = await this.writeCases(cases);
    const T1 = PROFILE ? performance.now() : 0;
    const needed = new Set<string>();
    for (const o of outputs) if (!caseIds.has(o.row.case_id)) needed.add(o.row.case_id);
    for (const v of votes) if (!caseIds.has(v.vote.case_id)) needed.add(v.vote.case_id);
    if (needed.size) {
      const found = await sql<{ id: number; external_id: string }>`
        select id, external_id from cases where eval_id = ${this.evalId} and external_id = any(${[...needed]}::text[])`.execute(this.trx);
      for (const r of found.rows) caseIds.set(r.external_id, r.id);
    }
    const known = (id: string) => caseIds.has(id) || (!this.clean && this.seenCases.has(hash53(id)));
    for (const o of outputs) if (!known(o.row.case_id)) this.errors.add({ line: o.line, field: "case_id", reason: `no case with id ${o.row.case_id} in this eval or earlier in the file (import the cases first)` });
    for (const v of votes) if (!known(v.vote.case_id)) this.errors.add({ line: v.line, field: "case_id", reason: `no case with id ${v.vote.case_id} in this eval or earlier in the file (import the cases first)` });
    const T2 = PROFILE ? performance.now() : 0;
    await this.writeOutputs(outputs, caseIds);
    const T3 = PROFILE ? performance.now() : 0;
    await this.writeVotes(votes, caseIds);
    if (PROFILE) {
      const T4 = performance.now();
      prof.cases += T1 - T; prof.lookup += T2 - T1; prof.outputs += T3 - T2; prof.votes += T4 - T3;
    }
  }

  /** Cases of the batch upserted; returns external id → row id of every case of the batch. */
  private async writeCases(batch: PendingCase[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    if (!batch.length) return ids;
    const ext = batch.map((c) => c.row.id);
    // In an eval that was empty, every case of the file is new (repeats were dropped in accept).
    const existing = this.fresh
      ? { rows: [] as { id: number; external_id: string; content_hash: string | null }[] }
      : await sql<{ id: number; external_id: string; content_hash: string | null }>`
          select c.id, c.external_id, c.content_hash from cases c where c.eval_id = ${this.evalId} and c.external_id = any(${ext}::text[])`.execute(this.trx);
    const old = new Map(existing.rows.map((r) => [r.external_id, r]));
    const writes: PendingCase[] = [];
    const changing: { c: PendingCase; id: number }[] = [];
    for (const c of batch) {
      const o = old.get(c.row.id);
      if (!o) {
        this.summary.cases.inserted++;
        writes.push(c);
      } else {
        ids.set(c.row.id, o.id);
        if (o.content_hash === c.hash) this.summary.cases.unchanged++;
        else changing.push({ c, id: o.id });
      }
    }
    // Changed cases are locked against new judgments and re-checked under the lock (db/import-lock.ts).
    const judged = await lockAndFindJudgedCases(this.trx, changing.map((x) => x.id));
    for (const { c, id } of changing) {
      if (judged.has(id)) this.errors.add({ line: c.line, field: "id", reason: `changes case ${c.row.id}, which already has judgments or verdicts` });
      else {
        this.summary.cases.updated++;
        writes.push(c);
      }
    }
    if (!writes.length || !this.clean) return ids;
    const col = <T>(f: (c: PendingCase) => T) => writes.map(f);
    const written = await sql<{ id: number; external_id: string }>`
      insert into cases (eval_id, external_id, input, context, reference, category, suite, shape, tags, assertions, content_hash)
      select ${this.evalId}, t.external_id, t.input::jsonb, t.context, t.reference, t.category, t.suite, t.shape, t.tags::jsonb, t.assertions::jsonb, t.content_hash
      from unnest(${col((c) => c.row.id)}::text[], ${col((c) => JSON.stringify(c.row.input))}::text[], ${col((c) => c.row.context ?? null)}::text[],
                  ${col((c) => c.row.reference ?? null)}::text[], ${col((c) => c.row.category)}::text[], ${col((c) => c.row.suite)}::text[],
                  ${col((c) => c.row.shape)}::text[], ${col((c) => JSON.stringify(c.row.tags))}::text[], ${col((c) => JSON.stringify(c.row.assertions))}::text[],
                  ${col((c) => c.hash)}::text[])
        as t(external_id, input, context, reference, category, suite, shape, tags, assertions, content_hash)
      ${this.fresh ? sql`` : sql`on conflict (eval_id, external_id) do update set
        input = excluded.input, context = excluded.context, reference = excluded.reference, category = excluded.category,
        suite = excluded.suite, shape = excluded.shape, tags = excluded.tags, assertions = excluded.assertions,
        content_hash = excluded.content_hash, updated_at = now()`}
      returning id, external_id`.execute(this.trx);
    for (const r of written.rows) ids.set(r.external_id, r.id);
    return ids;
  }

  private async writeOutputs(batch: PendingOutput[], caseIds: Map<string, number>) {
    const rows = batch.filter((o) => caseIds.has(o.row.case_id)).map((o) => ({ ...o, cid: caseIds.get(o.row.case_id)!, sid: this.systems.get(o.system)?.id ?? 0 }));
    if (!rows.length || !this.clean) return;
    const existing = this.fresh
      ? { rows: [] as { case_id: number; system_id: number; content_hash: string | null }[] }
      : await sql<{ case_id: number; system_id: number; content_hash: string | null }>`
          select o.case_id, o.system_id, o.content_hash
          from outputs o join unnest(${rows.map((r) => r.cid)}::int[], ${rows.map((r) => r.sid)}::int[]) as k(c, s) on o.case_id = k.c and o.system_id = k.s`.execute(this.trx);
    const old = new Map(existing.rows.map((r) => [`${r.case_id}:${r.system_id}`, r]));
    const writes: typeof rows = [];
    const changing: typeof rows = [];
    for (const o of rows) {
      const e = old.get(`${o.cid}:${o.sid}`);
      if (!e) {
        this.summary.outputs.inserted++;
        writes.push(o);
      } else if (e.content_hash === o.hash) this.summary.outputs.unchanged++;
      else changing.push(o);
    }
    const judged = await lockAndFindJudgedOutputs(this.trx, changing.map((o) => ({ caseId: o.cid, systemId: o.sid })));
    for (const o of changing) {
      if (judged.has(`${o.cid}:${o.sid}`)) this.errors.add({ line: o.line, field: "case_id", reason: `changes the output of ${o.system} for ${o.row.case_id}, which already has judgments or verdicts` });
      else {
        this.summary.outputs.updated++;
        writes.push(o);
      }
    }
    if (!writes.length || !this.clean) return;
    const col = <T>(f: (o: (typeof writes)[number]) => T) => writes.map(f);
    await sql`
      insert into outputs (case_id, system_id, text, latency_ms, prompt_tokens, completion_tokens, logprobs, error, source, content_hash, turns, metrics)
      select t.case_id, t.system_id, t.text, t.latency_ms, t.prompt_tokens, t.completion_tokens, t.logprobs::jsonb, t.error, 'import', t.content_hash, t.turns::jsonb, t.metrics::jsonb
      from unnest(${col((o) => o.cid)}::int[], ${col((o) => o.sid)}::int[], ${col((o) => o.row.text ?? null)}::text[], ${col((o) => o.row.latency_ms ?? null)}::float8[],
                  ${col((o) => o.row.prompt_tokens ?? null)}::int[], ${col((o) => o.row.completion_tokens ?? null)}::int[], ${col((o) => (o.row.logprobs ? JSON.stringify(o.row.logprobs) : null))}::text[],
                  ${col((o) => o.row.error ?? null)}::text[], ${col((o) => o.hash)}::text[], ${col((o) => (o.turns ? JSON.stringify(o.turns) : null))}::text[],
                  ${col((o) => (o.metrics ? JSON.stringify(o.metrics) : null))}::text[])
        as t(case_id, system_id, text, latency_ms, prompt_tokens, completion_tokens, logprobs, error, content_hash, turns, metrics)
      ${this.fresh ? sql`` : sql`on conflict (case_id, system_id) do update set
        text = excluded.text, latency_ms = excluded.latency_ms, prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens,
        logprobs = excluded.logprobs, error = excluded.error, source = excluded.source, content_hash = excluded.content_hash,
        turns = excluded.turns, metrics = excluded.metrics, updated_at = now()`}`.execute(this.trx);
  }

  /**
   * Comparisons are oriented as Arbiter's own are: system a is the candidate when one of the two is,
   * the baseline is b when one is, otherwise the lower system id is a.
   */
  private orient(s1: string, s2: string): { a: number; b: number; flipped: boolean } {
    const x = this.systems.get(s1)!;
    const y = this.systems.get(s2)!;
    const flipped = y.role === "candidate" ? x.role !== "candidate" : x.role === "candidate" ? false : x.role === "baseline" ? y.role !== "baseline" : y.role === "baseline" ? false : y.id < x.id;
    return flipped ? { a: y.id, b: x.id, flipped } : { a: x.id, b: y.id, flipped };
  }

  private async raterId(name: string): Promise<number> {
    let id = this.raters.get(name);
    if (id !== undefined) return id;
    const row = await sql<{ id: number }>`
      insert into users (email, name, role, password_hash, disabled_at)
      values (${externalRaterEmail(name)}, ${name.slice(0, 200)}, 'annotator', '!imported: no password', now())
      on conflict (email) do update set name = excluded.name
      returning id`.execute(this.trx);
    id = row.rows[0].id;
    this.raters.set(name, id);
    return id;
  }

  private async runId(judge: string): Promise<number> {
    let id = this.runs.get(judge);
    if (id !== undefined) return id;
    const config = { imported: true, judge, format: this.format, file: this.options.fileName };
    const row = await this.trx
      .insertInto("judge_runs")
      .values({
        eval_id: this.evalId,
        protocol: "pairwise",
        config: JSON.stringify(config),
        config_hash: contentHash({ imported: true, judge }),
        prompt_version: "imported",
        status: "done",
        created_by: this.options.actorId,
        finished_at: sql`now()` as never,
        import_id: this.importId,
      })
      .returning(["id"])
      .executeTakeFirstOrThrow();
    this.runs.set(judge, row.id);
    return row.id;
  }

  private async writeVotes(batch: PendingVote[], caseIds: Map<string, number>) {
    const rows = batch.filter((v) => caseIds.has(v.vote.case_id));
    if (!rows.length || !this.clean) return;
    const oriented = rows.map((p) => {
      const v = p.vote;
      const o = this.orient(v.system_1, v.system_2);
      const side = (w: 1 | 2) => ((w === 1) !== o.flipped ? "a" : "b");
      const outcome = v.winner === 1 || v.winner === 2 ? side(v.winner) : v.winner;
      // score is the preference for system_2; stored for system a, as a verdict's winner is.
      const scoreA = v.score === undefined ? null : o.flipped ? v.score : 1 - v.score;
      return { v, cid: caseIds.get(v.case_id)!, ...o, outcome, scoreA };
    });
    const triples = new Map<string, { c: number; a: number; b: number }>();
    for (const r of oriented) triples.set(`${r.cid}:${r.a}:${r.b}`, { c: r.cid, a: r.a, b: r.b });
    const t = [...triples.values()];
    const comps = await sql<{ id: number; case_id: number; system_a_id: number; system_b_id: number }>`
      insert into comparisons (eval_id, case_id, system_a_id, system_b_id, target_k)
      select ${this.evalId}, k.c, k.a, k.b, 1 from unnest(${t.map((x) => x.c)}::int[], ${t.map((x) => x.a)}::int[], ${t.map((x) => x.b)}::int[]) as k(c, a, b)
      on conflict (case_id, system_a_id, system_b_id) do update set target_k = comparisons.target_k
      returning id, case_id, system_a_id, system_b_id`.execute(this.trx);
    const compId = new Map(comps.rows.map((r) => [`${r.case_id}:${r.system_a_id}:${r.system_b_id}`, r.id]));
    const human = oriented.filter((r) => r.v.source === "human");
    const judge = oriented.filter((r) => r.v.source === "judge");
    if (human.length) {
      // One account per rater and turn: a rater's votes on turns 1 and 2 of one comparison are two
      // votes, and judgments allow one per rater and comparison.
      const raterIds: number[] = [];
      for (const r of human) raterIds.push(await this.raterId(r.v.turn && r.v.turn > 1 ? `${r.v.rater} (turn ${r.v.turn})` : r.v.rater));
      const col = <T>(f: (r: (typeof human)[number], i: number) => T) => human.map(f);
      const res = await sql<{ annotator_id: number }>`
        insert into judgments (eval_id, comparison_id, annotator_id, choice, outcome, candidate_left, ratings, reason, import_id, turn)
        select ${this.evalId}, t.comparison_id, t.annotator_id,
               case t.outcome when 'a' then 'left' when 'b' then 'right' else t.outcome end, t.outcome, true, '{}'::jsonb, t.reason, ${this.importId}, t.turn
        from unnest(${col((r) => compId.get(`${r.cid}:${r.a}:${r.b}`)!)}::int[], ${col((_r, i) => raterIds[i])}::int[], ${col((r) => r.outcome)}::text[],
                    ${col((r) => r.v.reason ?? null)}::text[], ${col((r) => r.v.turn ?? null)}::int[])
          as t(comparison_id, annotator_id, outcome, reason, turn)
        on conflict (comparison_id, annotator_id) do nothing
        returning annotator_id`.execute(this.trx);
      for (const r of res.rows) this.judgedPerRater.set(r.annotator_id, (this.judgedPerRater.get(r.annotator_id) ?? 0) + 1);
      this.summary.judgments += res.rows.length;
      this.summary.duplicate_votes += human.length - res.rows.length;
    }
    if (judge.length) {
      const runIds: number[] = [];
      for (const r of judge) runIds.push(await this.runId(r.v.rater));
      for (const id of runIds) this.verdictRuns.add(id);
      const col = <T>(f: (r: (typeof judge)[number], i: number) => T) => judge.map(f);
      await sql`
        insert into verdicts (job_id, run_id, eval_id, protocol, comparison_id, output_id, case_id, winner, score, detail, prompt_version, config_hash, import_id, turn)
        select null, t.run_id, ${this.evalId}, 'pairwise', t.comparison_id, null, t.case_id, t.winner, t.score, t.detail::jsonb, 'imported', t.config_hash, ${this.importId}, t.turn
        from unnest(${col((_r, i) => runIds[i])}::int[], ${col((r) => compId.get(`${r.cid}:${r.a}:${r.b}`)!)}::int[], ${col((r) => r.cid)}::int[],
                    ${col((r) => (r.outcome === "both_bad" ? "tie" : r.outcome))}::text[], ${col((r) => r.scoreA)}::float8[],
                    ${col((r) => JSON.stringify({ imported: true, judge: r.v.rater, ...(r.outcome === "both_bad" ? { both_bad: true } : {}), ...(r.v.reason ? { reason: r.v.reason } : {}) }))}::text[],
                    ${col((r) => contentHash({ imported: true, judge: r.v.rater }))}::text[], ${col((r) => r.v.turn ?? null)}::int[])
          as t(run_id, comparison_id, case_id, winner, score, detail, config_hash, turn)`.execute(this.trx);
      this.summary.verdicts += judge.length;
    }
  }
}
