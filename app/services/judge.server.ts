/**
 * The judge page's server side: the endpoint is one the operator configured (judges/endpoints.ts;
 * JUDGE_BASE_URL/JUDGE_MODEL/JUDGE_API_KEY are the default one), chosen by name, never a URL from
 * the browser, so a lead cannot point the server at an arbitrary URL and keys never leave the server. Runs are created now (the page shows them at
 * once) and worked in the background of this process; on Postgres, separate judge workers
 * (scripts/judge-worker.ts) may share the work.
 */
import type { AppLoadContext } from "@remix-run/node";
import { computeHumanReport } from "../core/human-report";
import { judgeHumanAgreement } from "../core/judging/judge-human-agreement";
import { loadHumanData } from "../../db/human-report";
import { judgeFigures, latestProbeRun, listJudgeRuns, loadJudgeHumanData } from "../../db/judge-runs";
import type { JudgeProtocol } from "../../db/types";
import { serverEndpoints, type PublicEndpoint } from "../../judges/endpoints";
import { startProbeRun } from "../../judges/probe-runs";
import { createJudgeRun, JudgeRunError } from "../../judges/runs";
import { workRun } from "../../judges/worker";

export interface JudgeEndpoints {
  configured: boolean;
  /** What the judge tab offers: names, base URLs and allowed models; never keys. */
  endpoints: PublicEndpoint[];
}

export function judgeEndpoints(): JudgeEndpoints {
  const endpoints = serverEndpoints().list("judge");
  return { configured: endpoints.length > 0, endpoints };
}

export async function startJudgeRun(
  context: AppLoadContext,
  evalId: number,
  input: { protocol: JudgeProtocol; model: string; budgetTokens?: number; endpoint?: string },
  actorId: number,
): Promise<{ runId: number; jobs: number } | { error: string }> {
  const chosen = serverEndpoints().resolve(input.endpoint, "judge", input.model, input.budgetTokens);
  if ("error" in chosen) return chosen;
  const running = await context.db
    .selectFrom("judge_runs")
    .select("id")
    .where("eval_id", "=", evalId)
    .where("protocol", "=", input.protocol)
    .where("status", "=", "running")
    .executeTakeFirst();
  if (running) return { error: `A ${input.protocol} run (#${running.id}) is already running for this eval.` };
  try {
    const created = await createJudgeRun(context.db, { evalId, protocol: input.protocol, baseURL: chosen.endpoint.baseURL, model: chosen.model, budgetTokens: chosen.budgetTokens, actorId });
    if (created.jobs > 0) {
      workRun(context.db, created.runId, {
        apiKey: chosen.endpoint.apiKey,
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

export async function startProbes(context: AppLoadContext, evalId: number, model: string, actorId: number, endpointName?: string): Promise<{ probeId: number } | { error: string }> {
  const chosen = serverEndpoints().resolve(endpointName, "judge", model);
  if ("error" in chosen) return chosen;
  const started = await startProbeRun(context.db, { evalId, baseURL: chosen.endpoint.baseURL, model: chosen.model, apiKey: chosen.endpoint.apiKey, actorId });
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
  const humanReport = human.judgments.length ? computeHumanReport(human.judgments, human.comparisons, { seed, now: Date.now(), identicalPairs: human.identicalPairs }) : null;
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
