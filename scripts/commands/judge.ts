/**
 * arbiter judge --eval NAME [--protocol pairwise|faithfulness|rubric] [--model M] [--endpoint NAME | --base-url U]
 *   [--concurrency N] [--budget-tokens N] [--workers N] [--lease-ms N] [--price-in USD --price-out USD]
 *
 * Creates a durable judge run (jobs in the database) and works it in this process, with a
 * progress bar on stderr and a JSON summary on stdout. On Postgres, more workers may join from
 * anywhere (`node --import tsx scripts/judge-worker.ts`); on the embedded PGlite this process is
 * the only one that can open the database, so it does all the work. The endpoint comes from
 * --base-url or JUDGE_BASE_URL, the model from --model or JUDGE_MODEL, the key from JUDGE_API_KEY
 * (never a flag here, so it stays out of shell history, and never stored). --endpoint NAME picks one
 * of the operator's endpoints instead (judges/endpoints.ts: URL, key, allowed models, budget).
 */
import { EndpointConfigError, loadEndpoints } from "../../judges/endpoints.ts";
import { runErrors, runProgress, type RunProgress } from "../../db/judge-runs.ts";
import { createJudgeRun, JUDGE_PROTOCOLS, JudgeRunError } from "../../judges/runs.ts";
import { defaultWorkerId, workRun } from "../../judges/worker.ts";
import type { JudgeProtocol } from "../../db/types.ts";
import { CliError, parseArgs, printJson, stringFlag } from "../cli-support.ts";
import { requireEval, withDb } from "../cli-db.ts";

export const NO_ENDPOINT_MESSAGE =
  "no judge endpoint configured: pass --base-url URL (any OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1) " +
  "or set JUDGE_BASE_URL, with JUDGE_MODEL (or --model) and, if the server needs one, JUDGE_API_KEY";

function positiveInt(value: string | undefined, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new CliError(`--${name} must be a whole number from 1 to ${max}`);
  return n;
}

function price(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new CliError(`--${name} must be a non-negative number (USD per 1,000 tokens)`);
  return n;
}

function bar(p: RunProgress): string {
  const width = 30;
  const finished = p.done + p.failed;
  const filled = p.total ? Math.round((finished / p.total) * width) : width;
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${finished}/${p.total}${p.failed ? ` (${p.failed} failed)` : ""}`;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const evalName = stringFlag(args, "eval", true);
  const protocol = (stringFlag(args, "protocol") ?? "pairwise") as JudgeProtocol;
  if (!JUDGE_PROTOCOLS.includes(protocol)) throw new CliError(`--protocol must be one of ${JUDGE_PROTOCOLS.join(", ")}`);
  const endpointName = stringFlag(args, "endpoint");
  let baseURL = stringFlag(args, "base-url") ?? (process.env.JUDGE_BASE_URL?.trim() || undefined);
  let model = stringFlag(args, "model") ?? (process.env.JUDGE_MODEL?.trim() || undefined);
  let apiKey = process.env.JUDGE_API_KEY;
  let budgetTokens = positiveInt(stringFlag(args, "budget-tokens"), "budget-tokens");
  if (endpointName) {
    if (stringFlag(args, "base-url")) throw new CliError("give --endpoint or --base-url, not both");
    let chosen;
    try {
      chosen = loadEndpoints().resolve(endpointName, "judge", stringFlag(args, "model"), budgetTokens);
    } catch (err) {
      if (err instanceof EndpointConfigError) throw new CliError(err.message);
      throw err;
    }
    if ("error" in chosen) throw new CliError(chosen.error);
    ({ model, budgetTokens } = chosen);
    baseURL = chosen.endpoint.baseURL;
    apiKey = chosen.endpoint.apiKey;
  }
  if (!baseURL) throw new CliError(NO_ENDPOINT_MESSAGE);
  if (!model) throw new CliError("no judge model: pass --model M or set JUDGE_MODEL");
  const concurrency = positiveInt(stringFlag(args, "concurrency"), "concurrency", 256) ?? 8;
  const workers = positiveInt(stringFlag(args, "workers"), "workers", 32) ?? 1;
  const leaseMs = positiveInt(stringFlag(args, "lease-ms"), "lease-ms") ?? 60_000;
  const priceIn = price(stringFlag(args, "price-in"), "price-in");
  const priceOut = price(stringFlag(args, "price-out"), "price-out");
  if ((priceIn === undefined) !== (priceOut === undefined)) throw new CliError("give both --price-in and --price-out, or neither");
  const pricing = priceIn === undefined ? null : { inputPer1k: priceIn, outputPer1k: priceOut! };

  return withDb(async (h) => {
    const ev = await requireEval(h, evalName);
    let created;
    try {
      created = await createJudgeRun(h.db, { evalId: ev.id, protocol, baseURL: baseURL!, model: model!, budgetTokens, pricing, actorId: null });
    } catch (err) {
      if (err instanceof JudgeRunError) throw new CliError(err.message);
      throw err;
    }
    const showProgress = async () => process.stderr.write(`\r${bar(await runProgress(h.db, created.runId))}`);
    const ticker = setInterval(() => void showProgress().catch(() => {}), 300);
    try {
      await Promise.all(
        Array.from({ length: workers }, () =>
          workRun(h.db, created.runId, { workerId: defaultWorkerId(), apiKey, concurrency, leaseMs }),
        ),
      );
    } finally {
      clearInterval(ticker);
    }
    await showProgress();
    process.stderr.write("\n");
    const summary = await runSummary(h.db, created.runId);
    printJson({ eval: ev.name, ...summary, comparisons_created: created.comparisonsCreated, not_applicable: created.notApplicable });
    // A run of failures is not a success: exit 2 and say why (the first distinct error texts).
    if (summary.status === "failed" || summary.status === "partial") {
      const why = summary.errors.map((e) => `  ${e.n} × ${e.kind ?? "failed"}: ${e.detail}`).join("\n");
      const head =
        summary.status === "failed"
          ? `judge run ${created.runId} failed: every one of its ${summary.jobs} jobs failed`
          : `judge run ${created.runId} is partial: ${summary.failed} of ${summary.jobs} jobs failed, ${summary.verdicts} verdicts recorded`;
      process.stderr.write(`${head}\n${why}\n`);
      return summary.status === "failed" ? 2 : 0;
    }
    return 0;
  });
}

export async function runSummary(db: Parameters<typeof runProgress>[0], runId: number) {
  const [p, r, pc, errors] = await Promise.all([
    runProgress(db, runId),
    db.selectFrom("judge_runs").selectAll().where("id", "=", runId).executeTakeFirstOrThrow(),
    db
      .selectFrom("verdicts")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.count<number>("position_consistent").as("pc_n")])
      .select((eb) => eb.fn.sum<number>(eb.case().when("position_consistent", "=", true).then(1).else(0).end()).as("consistent"))
      .where("run_id", "=", runId)
      .executeTakeFirstOrThrow(),
    runErrors(db, [runId]),
  ]);
  const cfg = r.config as { model?: string; base_url?: string };
  const pcN = Number(pc.pc_n);
  return {
    run_id: runId,
    protocol: r.protocol,
    model: cfg.model,
    base_url: cfg.base_url,
    config_hash: r.config_hash,
    prompt_version: r.prompt_version,
    status: r.status,
    jobs: p.total,
    verdicts: p.verdicts,
    failed: p.failed,
    failures: p.failures,
    errors: errors.get(runId) ?? [],
    position_consistency: r.protocol === "pairwise" ? { n: pcN, consistent: Number(pc.consistent ?? 0), rate: pcN ? Number(pc.consistent ?? 0) / pcN : null } : null,
    calls: Number(r.calls),
    cache_hits: Number(r.cache_hits),
    tokens: Number(r.tokens_used),
    cost_usd: Number(r.cost_usd),
    budget_tokens: r.budget_tokens,
  };
}
