/**
 * The judge worker: claims a run's jobs from the database with leases, judges them through the
 * JudgeClient, and records each verdict together with the job's completion in one transaction.
 *
 * Durability comes from three things working together:
 * - leases: a claimed job carries leased_until; a worker that dies stops renewing it, and once it
 *   lapses the job is claimable again (`for update skip locked`, so many workers on many machines
 *   never claim the same live job);
 * - the database response cache: an answer that came back before the crash is in llm_cache, so
 *   the next worker re-judges the job without repeating that HTTP call;
 * - verdicts.job_id is unique and inserted with on conflict do nothing: two workers finishing the
 *   same job (a lease lapsed under a slow call) still yield exactly one verdict.
 *
 * Failures are named (judge_unavailable, judge_malformed, judge_refused, budget_exhausted) and
 * kept on the job, never written as verdicts.
 */
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { DbResponseCache } from "../db/llm-cache.ts";
import { lockPack } from "../db/packs.ts";
import type { CaseInput, Database, JudgeFailureKind, JudgeRunStatus } from "../db/types.ts";
import { Budget } from "./budget.ts";
import { sanitiseEndpointError } from "./endpoints.ts";
import { JudgeClient, JudgeFailure, type ClientStats } from "./client.ts";
import { judgeFaithfulness } from "./protocols/faithfulness.ts";
import { judgePairwise } from "./protocols/pairwise.ts";
import { gradeRubric } from "./protocols/rubric.ts";
import type { StoredJudgeConfig } from "./runs.ts";
import type { BackoffPolicy } from "./retry.ts";

export interface WorkerOptions {
  /** Names this worker on its leases; default host:pid:random. */
  workerId?: string;
  /** Never stored: comes from the worker's environment (JUDGE_API_KEY) or a flag. */
  apiKey?: string;
  /** Calls in flight at once. Default 8. */
  concurrency?: number;
  /** Jobs held at once. Default: the concurrency (a pairwise job makes two calls, so the slots stay busy). */
  jobsInFlight?: number;
  /** How long a claim holds a job without renewal. Default 60 s; renewed every third of it. */
  leaseMs?: number;
  /** Sleep between looks when other workers hold the remaining jobs. Default 250 ms. */
  pollMs?: number;
  timeoutMs?: number;
  maxRetries?: number;
  backoff?: Partial<BackoffPolicy>;
  /** False: return as soon as this worker finds nothing to claim, even if others still hold leases. */
  waitForOthers?: boolean;
  signal?: AbortSignal;
  onJob?: (e: { jobId: number; status: "done" | "failed"; kind?: JudgeFailureKind }) => void;
  log?: (msg: string, detail?: Record<string, unknown>) => void;
}

export interface WorkResult {
  runId: number;
  status: JudgeRunStatus;
  /** Jobs this worker finished, by outcome. */
  done: number;
  failed: number;
  client: ClientStats;
}

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

interface ClaimedJob {
  id: number;
  comparison_id: number | null;
  output_id: number | null;
  item_index: number | null;
  attempts: number;
}

/** Everything one job needs, loaded for a whole claimed batch in one query. */
interface JobInput {
  job_id: number;
  case_id: number;
  input: CaseInput;
  context: string | null;
  reference: string | null;
  assertions: unknown;
  text_a: string | null;
  text_b: string | null;
}

/** Claims up to n claimable jobs of a run: queued, or leased by someone whose lease has lapsed. */
export async function claimJobs(db: Kysely<Database>, runId: number, workerId: string, n: number, leaseMs: number): Promise<ClaimedJob[]> {
  const res = await sql<ClaimedJob>`
    update judge_jobs set status = 'leased', worker = ${workerId},
      leased_until = now() + ${leaseMs} * interval '1 millisecond', attempts = attempts + 1, updated_at = now()
    where id in (
      select id from judge_jobs
      where run_id = ${runId} and (status = 'queued' or (status = 'leased' and leased_until < now()))
      order by id
      for update skip locked
      limit ${n})
    returning id, comparison_id, output_id, item_index, attempts`.execute(db);
  return res.rows.sort((a, b) => a.id - b.id);
}

async function loadInputs(db: Kysely<Database>, jobIds: number[]): Promise<Map<number, JobInput>> {
  const res = await sql<JobInput>`
    select j.id as job_id, c.id as case_id, c.input, c.context, c.reference, c.assertions,
           coalesce(oa.text, o.text) as text_a, ob.text as text_b
    from judge_jobs j
    left join comparisons cmp on cmp.id = j.comparison_id
    left join outputs o on o.id = j.output_id
    join cases c on c.id = coalesce(cmp.case_id, o.case_id)
    left join outputs oa on oa.case_id = cmp.case_id and oa.system_id = cmp.system_a_id
    left join outputs ob on ob.case_id = cmp.case_id and ob.system_id = cmp.system_b_id
    where j.id = any(${jobIds}::int[])`.execute(db);
  return new Map(res.rows.map((r) => [r.job_id, r]));
}

/** A case's input as the text the judge reads. */
export function inputText(input: CaseInput): string {
  if (typeof input === "string") return input;
  return input.map((m) => `${m.role}: ${m.content}`).join("\n\n");
}

type VerdictRow = {
  winner: "a" | "b" | "tie" | null;
  margin: number | null;
  position_consistent: boolean | null;
  score: number | null;
  passed: boolean | null;
  detail: Record<string, unknown>;
  config_hash: string;
};

async function judgeJob(client: JudgeClient, config: StoredJudgeConfig, job: ClaimedJob, input: JobInput): Promise<VerdictRow> {
  const prompt = inputText(input.input);
  if (config.protocol === "pairwise") {
    if (input.text_a === null || input.text_b === null) throw new JudgeFailure("judge_unavailable", "an output of this comparison is missing");
    const r = await judgePairwise(client, { prompt, context: input.context, candidate: input.text_a, other: input.text_b }, { logprobs: config.logprobs });
    return {
      winner: r.winner === "candidate" ? "a" : r.winner === "other" ? "b" : "tie",
      margin: r.margin,
      position_consistent: r.position_consistent,
      score: null,
      passed: null,
      detail: {
        // The reason of the order that shows the candidate first, for the report's loss clusters.
        reason: r.orders[0].reason,
        orders: r.orders.map((o) => ({ order: o.order, verdict: o.verdict, margin: o.margin, margin_source: o.marginSource, reason: o.reason, repaired: o.repaired })),
        candidate_first: r.candidate_first,
        candidate_second: r.candidate_second,
        calls: r.calls.length,
        cached_calls: r.calls.filter((c) => c.cached).length,
      },
      config_hash: r.configHash,
    };
  }
  if (input.text_a === null) throw new JudgeFailure("judge_unavailable", "the output has no text");
  if (config.protocol === "faithfulness") {
    const r = await judgeFaithfulness(client, { prompt, output: input.text_a, context: input.context, reference: input.reference });
    if (r.status === "not_applicable") {
      // Jobs are only created for cases with a source; one edited away since is still not a score.
      return { winner: null, margin: null, position_consistent: null, score: null, passed: null, detail: { status: "not_applicable", reason: r.reason }, config_hash: "" };
    }
    return {
      winner: null,
      margin: null,
      position_consistent: null,
      score: r.score,
      passed: null,
      detail: { status: "scored", n_claims: r.n_claims, n_supported: r.n_supported, source: r.source, claims: r.claims, unsupported: r.unsupported },
      config_hash: r.configHash,
    };
  }
  const assertions = Array.isArray(input.assertions) ? input.assertions : [];
  const a = assertions[job.item_index ?? -1] as { type?: string; rubric?: string } | undefined;
  if (!a || a.type !== "llm_rubric" || typeof a.rubric !== "string") {
    throw new JudgeFailure("judge_unavailable", `case has no llm_rubric assertion at index ${job.item_index}`);
  }
  const r = await gradeRubric(client, { prompt, output: input.text_a, rubric: a.rubric });
  return {
    winner: null,
    margin: null,
    position_consistent: null,
    score: null,
    passed: r.pass,
    detail: { index: job.item_index, rubric: a.rubric, reason: r.reason },
    config_hash: r.configHash,
  };
}

/** Fails what is left of a run once its budget is spent, and stops it. Jobs other workers still hold live finish on their own. */
export async function stopRunForBudget(db: Kysely<Database>, runId: number, reason: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`
      update judge_jobs set status = 'failed', failure_kind = 'budget_exhausted', failure_detail = ${reason}, leased_until = null, updated_at = now()
      where run_id = ${runId} and (status = 'queued' or (status = 'leased' and leased_until < now()))`.execute(trx);
    await sql`update judge_runs set status = 'stopped', finished_at = now() where id = ${runId} and status = 'running'`.execute(trx);
  });
}

/**
 * Finishes the run when no job is queued or leased any more: `failed` when every job failed (a run of
 * failures is not "done"), `partial` when some did, else `done`. Returns the run's status.
 */
async function finishIfComplete(db: Kysely<Database>, runId: number): Promise<JudgeRunStatus> {
  await sql`
    update judge_runs set finished_at = now(),
      status = case
        when not exists (select 1 from judge_jobs where run_id = ${runId} and status = 'failed') then 'done'
        when exists (select 1 from judge_jobs where run_id = ${runId} and status = 'done') then 'partial'
        else 'failed' end
    where id = ${runId} and status = 'running'
      and not exists (select 1 from judge_jobs where run_id = ${runId} and status in ('queued', 'leased'))`.execute(db);
  const row = await db.selectFrom("judge_runs").select("status").where("id", "=", runId).executeTakeFirstOrThrow();
  return row.status;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * Works one run until no job is left to claim (and, with waitForOthers, until every lease held
 * elsewhere has ended too), or the run stops.
 */
export async function workRun(db: Kysely<Database>, runId: number, options: WorkerOptions = {}): Promise<WorkResult> {
  const workerId = options.workerId ?? defaultWorkerId();
  const concurrency = options.concurrency ?? 8;
  const maxJobs = options.jobsInFlight ?? concurrency;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 250;
  const waitForOthers = options.waitForOthers ?? true;
  const log = options.log ?? (() => {});

  const run = await db.selectFrom("judge_runs").selectAll().where("id", "=", runId).executeTakeFirst();
  if (!run) throw new Error(`no judge run ${runId}`);
  const config = run.config as unknown as StoredJudgeConfig;
  const result: WorkResult = { runId, status: run.status, done: 0, failed: 0, client: emptyStats() };
  if (run.status !== "running") return result;

  // The run-wide token budget, less what earlier workers already spent. Per process: several
  // workers at once can overshoot by what each has in flight when the limit is crossed.
  const remaining = run.budget_tokens === null ? undefined : Math.max(0, run.budget_tokens - run.tokens_used);
  const client = new JudgeClient({
    baseURL: config.base_url,
    apiKey: options.apiKey,
    model: config.model,
    concurrency,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
    backoff: options.backoff,
    pricing: config.pricing ?? undefined,
    budget: new Budget(remaining === undefined ? {} : { maxTokens: remaining }),
    cache: new DbResponseCache(db),
  });

  // Run counters are flushed as deltas of the client's own counts, so calls of failed jobs and
  // retries are counted too; a killed worker loses at most one flush interval of counts.
  let flushed = emptyStats();
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    flushing = flushing.then(async () => {
      const now = client.stats();
      const d = {
        calls: now.httpAttempts - flushed.httpAttempts,
        hits: now.cacheHits - flushed.cacheHits,
        tokens: now.promptTokens + now.completionTokens - flushed.promptTokens - flushed.completionTokens,
        cost: now.costUsd - flushed.costUsd,
      };
      if (!d.calls && !d.hits && !d.tokens && !d.cost) return;
      flushed = now;
      await sql`
        update judge_runs set calls = calls + ${d.calls}, cache_hits = cache_hits + ${d.hits},
          tokens_used = tokens_used + ${d.tokens}, cost_usd = cost_usd + ${d.cost}
        where id = ${runId}`.execute(db);
    });
    return flushing;
  };

  const inflight = new Map<number, Promise<void>>();
  let packLocked = false;
  let budgetStop: string | undefined;

  const process1 = async (job: ClaimedJob, input: JobInput | undefined) => {
    try {
      if (!input) throw new JudgeFailure("judge_unavailable", "the job's comparison or output no longer exists");
      const v = await judgeJob(client, config, job, input);
      if (!packLocked || v.detail.status === "not_applicable") {
        await db.transaction().execute(async (trx) => {
          if (v.detail.status !== "not_applicable") await insertVerdict(trx, job, input, v);
          await markDone(trx, job.id);
          // DESIGN rule 1: the first verdict locks the eval's pack (idempotent, so once per worker is enough).
          if (!packLocked) await lockPack(trx, run.eval_id, "first LLM-judge verdict");
        });
      } else {
        // The verdict and the job's completion in one statement: atomic, and one round trip.
        await sql`
          with v as (${insertVerdictQuery(db, job, input, v)})
          update judge_jobs set status = 'done', failure_kind = null, failure_detail = null, leased_until = null, updated_at = now()
          where id = ${job.id}`.execute(db);
      }
      packLocked = true;
      result.done++;
      options.onJob?.({ jobId: job.id, status: "done" });
    } catch (err) {
      const failure = err instanceof JudgeFailure ? err : null;
      if (!failure) log("judge job hit an internal error", { jobId: job.id, err: String(err) });
      const kind: JudgeFailureKind = failure?.kind ?? "judge_unavailable";
      // Status and a short sanitised message: whatever answered may be an internal page.
      const detail = failure ? sanitiseEndpointError(failure, "judge") : `internal error: ${String(err)}`.slice(0, 2000);
      // Never overwrite a job another worker already finished (its lease lapsed under us).
      await sql`
        update judge_jobs set status = 'failed', failure_kind = ${kind}, failure_detail = ${detail}, leased_until = null, updated_at = now()
        where id = ${job.id} and status = 'leased' and worker = ${workerId}`.execute(db);
      if (kind === "budget_exhausted") budgetStop ??= failure!.message;
      result.failed++;
      options.onJob?.({ jobId: job.id, status: "failed", kind });
    }
  };

  function insertVerdictQuery(q: Kysely<Database>, job: ClaimedJob, input: JobInput, v: VerdictRow) {
    return q
      .insertInto("verdicts")
      .values({
        job_id: job.id,
        run_id: runId,
        eval_id: run!.eval_id,
        protocol: run!.protocol,
        comparison_id: job.comparison_id,
        output_id: job.output_id,
        case_id: input.case_id,
        winner: v.winner,
        margin: v.margin,
        position_consistent: v.position_consistent,
        score: v.score,
        passed: v.passed,
        detail: JSON.stringify(v.detail),
        prompt_version: run!.prompt_version,
        config_hash: v.config_hash,
      })
      .onConflict((oc) => oc.column("job_id").doNothing());
  }
  const insertVerdict = (trx: Kysely<Database>, job: ClaimedJob, input: JobInput, v: VerdictRow) => insertVerdictQuery(trx, job, input, v).execute();
  const markDone = (trx: Kysely<Database>, jobId: number) =>
    trx
      .updateTable("judge_jobs")
      .set({ status: "done", failure_kind: null, failure_detail: null, leased_until: null, updated_at: sql`now()` })
      .where("id", "=", jobId)
      .execute();

  // Renew the leases of the jobs in flight so a slow judge does not lose them to another worker.
  const heartbeat = setInterval(() => {
    const ids = [...inflight.keys()];
    if (ids.length === 0) return;
    sql`update judge_jobs set leased_until = now() + ${leaseMs} * interval '1 millisecond'
        where worker = ${workerId} and status = 'leased' and id = any(${ids}::int[])`
      .execute(db)
      .catch((err) => log("lease renewal failed", { err: String(err) }));
  }, Math.max(200, Math.floor(leaseMs / 3)));
  const flusher = setInterval(() => void flush().catch((err) => log("counter flush failed", { err: String(err) })), 500);

  try {
    let stopClaiming = false;
    for (;;) {
      if (options.signal?.aborted) break;
      if (budgetStop && !stopClaiming) {
        stopClaiming = true;
        await flush();
        await stopRunForBudget(db, runId, budgetStop);
        log("budget exhausted: run stopped", { runId, reason: budgetStop });
      }
      // Claim in batches, not one by one, once a quarter of the slots are free.
      const free = maxJobs - inflight.size;
      let claimed: ClaimedJob[] = [];
      if (!stopClaiming && free >= Math.max(1, Math.floor(maxJobs / 4))) {
        const status = await db.selectFrom("judge_runs").select(["status", "budget_tokens", "tokens_used"]).where("id", "=", runId).executeTakeFirstOrThrow();
        if (status.status !== "running") stopClaiming = true;
        else if (status.budget_tokens !== null && status.tokens_used >= status.budget_tokens) budgetStop ??= `token budget of ${status.budget_tokens} spent (${status.tokens_used} used)`;
        else claimed = await claimJobs(db, runId, workerId, free, leaseMs);
        if (claimed.length) {
          const inputs = await loadInputs(db, claimed.map((j) => j.id));
          for (const job of claimed) {
            const p = process1(job, inputs.get(job.id)).finally(() => inflight.delete(job.id));
            inflight.set(job.id, p);
          }
        }
      }
      if (inflight.size > 0) {
        await Promise.race(inflight.values());
        continue;
      }
      if (claimed.length > 0 || (budgetStop && !stopClaiming)) continue;
      // Nothing in flight here and nothing to claim: done, or others hold the rest.
      await flush();
      const status = await finishIfComplete(db, runId);
      result.status = status;
      if (status !== "running" || !waitForOthers || stopClaiming) break;
      await sleep(pollMs, options.signal);
    }
    await Promise.allSettled(inflight.values());
  } finally {
    clearInterval(heartbeat);
    clearInterval(flusher);
    await flush().catch(() => {});
  }
  const final = await db.selectFrom("judge_runs").select("status").where("id", "=", runId).executeTakeFirstOrThrow();
  result.status = final.status;
  result.client = client.stats();
  return result;
}

function emptyStats(): ClientStats {
  return { calls: 0, httpAttempts: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, failures: {} };
}

/** Runs that a worker may pick up: running, optionally only those of one endpoint and model. */
export async function runningRuns(db: Kysely<Database>, filter: { baseURL?: string; model?: string } = {}): Promise<number[]> {
  const rows = await db.selectFrom("judge_runs").select(["id", "config"]).where("status", "=", "running").orderBy("id").execute();
  return rows
    .filter((r) => {
      const c = r.config as unknown as StoredJudgeConfig;
      if (filter.baseURL && c.base_url !== filter.baseURL.trim().replace(/\/+$/, "")) return false;
      if (filter.model && c.model !== filter.model) return false;
      return true;
    })
    .map((r) => r.id);
}
