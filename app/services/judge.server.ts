/**
 * The judge page's server side: the endpoint comes from the server's environment (JUDGE_BASE_URL,
 * JUDGE_MODEL, JUDGE_API_KEY), never from the browser, so a lead cannot point the server at an
 * arbitrary URL and the key never leaves the server. Runs are created now (the page shows them at
 * once) and worked in the background of this process; on Postgres, separate judge workers
 * (scripts/judge-worker.ts) may share the work.
 */
import type { AppLoadContext } from "@remix-run/node";
import { computeHumanReport } from "../core/human-report";
import { judgeHumanAgreement } from "../core/judging/judge-human-agreement";
import { loadHumanData } from "../../db/human-report";
import { judgeFigures, latestProbeRun, listJudgeRuns, loadJudgeHumanData } from "../../db/judge-runs";
import type { JudgeProtocol } from "../../db/types";
import { startProbeRun } from "../../judges/probe-runs";
import { createJudgeRun, JudgeRunError } from "../../judges/runs";
import { workRun } from "../../judges/worker";

export interface JudgeEndpoint {
  configured: boolean;
  baseURL: string;
  model: string;
}

export function judgeEndpoint(env: NodeJS.ProcessEnv = process.env): JudgeEndpoint {
  const baseURL = env.JUDGE_BASE_URL?.trim() ?? "";
  return { configured: baseURL !== "", baseURL, model: env.JUDGE_MODEL?.trim() ?? "" };
}

export async function startJudgeRun(
  context: AppLoadContext,
  evalId: number,
  input: { protocol: JudgeProtocol; model: string; budgetTokens?: number },
  actorId: number,
): Promise<{ runId: number; jobs: number } | { error: string }> {
  const endpoint = judgeEndpoint();
  if (!endpoint.configured) return { error: "No judge endpoint is configured on the server (set JUDGE_BASE_URL)." };
  const running = await context.db
    .selectFrom("judge_runs")
    .select("id")
    .where("eval_id", "=", evalId)
    .where("protocol", "=", input.protocol)
    .where("status", "=", "running")
    .executeTakeFirst();
  if (running) return { error: `A ${input.protocol} run (#${running.id}) is already running for this eval.` };
  try {
    const created = await createJudgeRun(context.db, { evalId, protocol: input.protocol, baseURL: endpoint.baseURL, model: input.model, budgetTokens: input.budgetTokens, actorId });
    if (created.jobs > 0) {
      workRun(context.db, created.runId, {
        apiKey: process.env.JUDGE_API_KEY,
        concurrency: Number(process.env.JUDGE_CONCURRENCY) || 8,
        log: (msg, detail) => context.logger.warn({ runId: created.runId, ...detail }, msg),
      }).catch((err) => context.logger.error({ err, runId: created.runId }, "judge run failed"));
    }
    return { runId: created.runId, jobs: created.jobs };
  } catch (err) {
    if (err instanceof JudgeRunError) return { error: err.message };
    throw err;
  }
}

export async function startProbes(context: AppLoadContext, evalId: number, model: string, actorId: number): Promise<{ probeId: number } | { error: string }> {
  const endpoint = judgeEndpoint();
  if (!endpoint.configured) return { error: "No judge endpoint is configured on the server (set JUDGE_BASE_URL)." };
  const started = await startProbeRun(context.db, { evalId, baseURL: endpoint.baseURL, model, apiKey: process.env.JUDGE_API_KEY, actorId });
  started.done.catch((err) => context.logger.error({ err, probeId: started.id }, "injection probe run failed"));
  return { probeId: started.id };
}

export async function judgePageData(context: AppLoadContext, evalId: number, seed: number) {
  const [runs, figures, probe, jh, human] = await Promise.all([
    listJudgeRuns(context.db, evalId),
    judgeFigures(context.db, evalId, seed),
    latestProbeRun(context.db, evalId),
    loadJudgeHumanData(context.db, evalId),
    loadHumanData(context.db, evalId),
  ]);
  const agreement = judgeHumanAgreement(jh.verdicts, jh.judgments).map((a) => ({ ...a, model: jh.configs[a.config_hash]?.model ?? "", prompt_version: jh.configs[a.config_hash]?.prompt_version ?? "" }));
  const humanReport = human.judgments.length ? computeHumanReport(human.judgments, human.comparisons, { seed, now: Date.now() }) : null;
  return {
    runs,
    figures,
    probe,
    agreement,
    human: humanReport
      ? { n: human.judgments.length, alpha: humanReport.agreement.alpha, percent: humanReport.agreement.percent, fleiss: humanReport.agreement.fleiss }
      : null,
  };
}
