/**
 * Creating a durable judge run: the run row (its judge config and config hash, never the API key)
 * and one queued judge_job per item, in one transaction, so a worker never sees half a run.
 *
 * Items per protocol:
 * - pairwise: one job per comparison of the eval whose two outputs exist and differ after trimming
 *   (identical outputs are ties nobody is asked about; the report counts them). An eval nobody opened
 *   for human judging has no comparisons yet; they are created here (candidate vs each baseline,
 *   per case, target_k = the eval's overlap) without human tasks, so humans and the judge later
 *   share the same comparison rows and judge-human agreement can be computed.
 * - faithfulness: one job per output (every system) whose case has a context or a reference; the
 *   others are "not applicable" and counted in the config, never scored.
 * - rubric: one job per (output, llm_rubric assertion of its case).
 */
import { sql, type Kysely, type Transaction } from "kysely";
import { recordAudit } from "../db/audit.ts";
import { defaultPairs } from "../db/comparisons.ts";
import type { Database, JudgeProtocol } from "../db/types.ts";
import { judgeConfigHash, normaliseBaseURL } from "./cache.ts";
import type { Pricing } from "./client.ts";
import { loadPrompt } from "./prompts.ts";
import { FAITHFULNESS_CLAIMS_VERSION, FAITHFULNESS_VERIFY_VERSION, faithfulnessParams } from "./protocols/faithfulness.ts";
import { PAIRWISE_PROMPT_VERSION, pairwiseParams } from "./protocols/pairwise.ts";
import { RUBRIC_PROMPT_VERSION } from "./protocols/rubric.ts";
import type { RequestParams } from "./types.ts";

/**
 * gradeRubric's parameters (it does not export them). A drift would show as verdicts whose
 * config_hash differs from their run's, which tests/db/judge-runs.test.ts checks.
 */
function rubricParams(): RequestParams {
  return { temperature: 0, max_tokens: 400 };
}

export const JUDGE_PROTOCOLS: readonly JudgeProtocol[] = ["pairwise", "faithfulness", "rubric"];

type Db = Kysely<Database> | Transaction<Database>;

/** What a run records about its judge. Stored as judge_runs.config; no secret belongs here. */
export interface StoredJudgeConfig {
  base_url: string;
  model: string;
  protocol: JudgeProtocol;
  prompt_version: string;
  params: RequestParams;
  /** Ask pairwise judges for logprobs (the margin becomes probability-weighted when they come back). */
  logprobs: boolean;
  pricing: Pricing | null;
  budget_tokens: number | null;
  items: number;
  not_applicable: number;
}

export interface NewJudgeRun {
  evalId: number;
  protocol: JudgeProtocol;
  baseURL: string;
  model: string;
  budgetTokens?: number | null;
  pricing?: Pricing | null;
  /** Pairwise only; default true. Turn off for endpoints that reject the logprobs parameter. */
  logprobs?: boolean;
  actorId: number | null;
}

/** Prompt version and request parameters of a protocol, exactly as the protocols send them. */
export function protocolSpec(protocol: JudgeProtocol, opts: { logprobs?: boolean } = {}): { promptVersion: string; params: RequestParams } {
  switch (protocol) {
    case "pairwise":
      return { promptVersion: loadPrompt(PAIRWISE_PROMPT_VERSION).version, params: pairwiseParams({ logprobs: opts.logprobs ?? true }) };
    case "faithfulness":
      return { promptVersion: `${loadPrompt(FAITHFULNESS_CLAIMS_VERSION).version}+${loadPrompt(FAITHFULNESS_VERIFY_VERSION).version}`, params: faithfulnessParams() };
    case "rubric":
      return { promptVersion: loadPrompt(RUBRIC_PROMPT_VERSION).version, params: rubricParams() };
  }
}

/** The hash a verdict of this judge records; equal to what the protocols compute from their client. */
export function runConfigHash(protocol: JudgeProtocol, baseURL: string, model: string, opts: { logprobs?: boolean } = {}): string {
  const spec = protocolSpec(protocol, opts);
  return judgeConfigHash({ baseURL: normaliseBaseURL(baseURL), model, protocol, promptVersion: spec.promptVersion, params: spec.params });
}

/**
 * Comparisons for the judge when the eval has none for a (case, candidate, baseline): inserted with
 * on conflict do nothing, so it can race the human A/B opening and each comparison exists once.
 * Returns how many were created.
 */
export async function ensureJudgeComparisons(db: Db, evalId: number): Promise<number> {
  const pairs = await defaultPairs(db, evalId);
  if (pairs.length === 0) return 0;
  const a = pairs.map((p) => p[0]);
  const b = pairs.map((p) => p[1]);
  const res = await sql<{ id: number }>`
    insert into comparisons (eval_id, case_id, system_a_id, system_b_id, target_k)
    select ${evalId}, c.id, p.a, p.b, e.overlap_k
    from cases c
    join evals e on e.id = c.eval_id
    cross join unnest(${a}::int[], ${b}::int[]) as p(a, b)
    where c.eval_id = ${evalId}
      and exists (
        select 1 from outputs oa join outputs ob on ob.case_id = oa.case_id and ob.system_id = p.b
        where oa.case_id = c.id and oa.system_id = p.a
          and oa.text is not null and oa.error is null and ob.text is not null and ob.error is null
          -- identical outputs are ties nobody is asked about (issue 13 item 6)
          and arbiter_trim(oa.text) <> arbiter_trim(ob.text))
    order by c.id, p.a, p.b
    on conflict (case_id, system_a_id, system_b_id) do nothing
    returning id`.execute(db);
  return res.rows.length;
}

export class JudgeRunError extends Error {}

export interface CreatedJudgeRun {
  runId: number;
  jobs: number;
  notApplicable: number;
  comparisonsCreated: number;
  configHash: string;
}

export async function createJudgeRun(db: Kysely<Database>, opts: NewJudgeRun): Promise<CreatedJudgeRun> {
  if (!opts.baseURL?.trim()) throw new JudgeRunError("no judge endpoint configured: set JUDGE_BASE_URL (and JUDGE_MODEL, JUDGE_API_KEY) or pass a base URL");
  if (!opts.model?.trim()) throw new JudgeRunError("no judge model: set JUDGE_MODEL or pass a model");
  if (!JUDGE_PROTOCOLS.includes(opts.protocol)) throw new JudgeRunError(`unknown protocol ${opts.protocol}`);
  if (opts.budgetTokens !== undefined && opts.budgetTokens !== null && (!Number.isInteger(opts.budgetTokens) || opts.budgetTokens < 1)) {
    throw new JudgeRunError("the token budget must be a positive whole number");
  }
  const baseURL = normaliseBaseURL(opts.baseURL);
  const spec = protocolSpec(opts.protocol, { logprobs: opts.logprobs });
  const configHash = runConfigHash(opts.protocol, baseURL, opts.model, { logprobs: opts.logprobs });

  return db.transaction().execute(async (trx) => {
    const ev = await trx.selectFrom("evals").select(["id"]).where("id", "=", opts.evalId).executeTakeFirst();
    if (!ev) throw new JudgeRunError("no such eval");
    const comparisonsCreated = opts.protocol === "pairwise" ? await ensureJudgeComparisons(trx, opts.evalId) : 0;
    const notApplicable =
      opts.protocol === "faithfulness"
        ? Number(
            (
              await sql<{ n: number }>`
                select count(*) as n from outputs o join cases c on c.id = o.case_id
                where c.eval_id = ${opts.evalId} and o.text is not null and o.error is null
                  and coalesce(trim(c.context), '') = '' and coalesce(trim(c.reference), '') = ''`.execute(trx)
            ).rows[0].n,
          )
        : 0;
    const config: StoredJudgeConfig = {
      base_url: baseURL,
      model: opts.model,
      protocol: opts.protocol,
      prompt_version: spec.promptVersion,
      params: spec.params,
      logprobs: opts.logprobs ?? true,
      pricing: opts.pricing ?? null,
      budget_tokens: opts.budgetTokens ?? null,
      items: 0,
      not_applicable: notApplicable,
    };
    const run = await trx
      .insertInto("judge_runs")
      .values({
        eval_id: opts.evalId,
        protocol: opts.protocol,
        config: JSON.stringify(config),
        config_hash: configHash,
        prompt_version: spec.promptVersion,
        budget_tokens: opts.budgetTokens ?? null,
        created_by: opts.actorId,
        finished_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    const runId = run.id;
    let inserted: { rows: unknown[] };
    if (opts.protocol === "pairwise") {
      inserted = await sql`
        insert into judge_jobs (run_id, comparison_id)
        select ${runId}, cmp.id from comparisons cmp
        where cmp.eval_id = ${opts.evalId}
          and exists (
            select 1 from outputs oa join outputs ob on ob.case_id = oa.case_id and ob.system_id = cmp.system_b_id
            where oa.case_id = cmp.case_id and oa.system_id = cmp.system_a_id
              and oa.text is not null and oa.error is null and ob.text is not null and ob.error is null
              and arbiter_trim(oa.text) <> arbiter_trim(ob.text))
        order by cmp.id
        returning id`.execute(trx);
    } else if (opts.protocol === "faithfulness") {
      inserted = await sql`
        insert into judge_jobs (run_id, output_id)
        select ${runId}, o.id from outputs o join cases c on c.id = o.case_id
        where c.eval_id = ${opts.evalId} and o.text is not null and o.error is null
          and (coalesce(trim(c.context), '') <> '' or coalesce(trim(c.reference), '') <> '')
        order by c.id, o.system_id
        returning id`.execute(trx);
    } else {
      inserted = await sql`
        insert into judge_jobs (run_id, output_id, item_index)
        select ${runId}, o.id, (a.ord - 1)::int from outputs o join cases c on c.id = o.case_id
        cross join lateral jsonb_array_elements(case when jsonb_typeof(c.assertions) = 'array' then c.assertions else '[]'::jsonb end) with ordinality as a(elem, ord)
        where c.eval_id = ${opts.evalId} and o.text is not null and o.error is null and a.elem->>'type' = 'llm_rubric'
        order by c.id, o.system_id, a.ord
        returning id`.execute(trx);
    }
    const jobs = inserted.rows.length;
    config.items = jobs;
    await trx
      .updateTable("judge_runs")
      .set({
        config: JSON.stringify(config),
        // Nothing to judge is a finished run, not one waiting forever for a worker.
        ...(jobs === 0 ? { status: "done" as const, finished_at: sql`now()` } : {}),
      })
      .where("id", "=", runId)
      .execute();
    await recordAudit(trx, {
      actorId: opts.actorId,
      action: "judge.run.create",
      entity: "eval",
      entityId: opts.evalId,
      detail: { runId, protocol: opts.protocol, model: opts.model, baseURL, jobs, configHash },
    });
    return { runId, jobs, notApplicable, comparisonsCreated, configHash };
  });
}
