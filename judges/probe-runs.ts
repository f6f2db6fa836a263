/**
 * Measuring a judge config's injection-probe flip rate against its endpoint and keeping the result
 * (judge_probe_runs) so the page shows it with the judge's figures. Cached like any judge call.
 */
import { sql, type Kysely } from "kysely";
import { DbResponseCache } from "../db/llm-cache.ts";
import type { Database } from "../db/types.ts";
import { normaliseBaseURL } from "./cache.ts";
import { JudgeClient } from "./client.ts";
import { sanitiseEndpointError } from "./endpoints.ts";
import { runInjectionProbes } from "./injection-probes.ts";
import { runConfigHash } from "./runs.ts";

export interface ProbeRunOptions {
  evalId: number;
  baseURL: string;
  model: string;
  apiKey?: string;
  actorId: number | null;
  concurrency?: number;
  timeoutMs?: number;
}

export async function startProbeRun(db: Kysely<Database>, o: ProbeRunOptions): Promise<{ id: number; done: Promise<void> }> {
  const baseURL = normaliseBaseURL(o.baseURL);
  const row = await db
    .insertInto("judge_probe_runs")
    .values({
      eval_id: o.evalId,
      config: JSON.stringify({ base_url: baseURL, model: o.model, protocol: "pairwise" }),
      config_hash: runConfigHash("pairwise", baseURL, o.model),
      n: null,
      flipped: null,
      flip_rate: null,
      report: null,
      message: null,
      created_by: o.actorId,
      finished_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const done = (async () => {
    try {
      const client = new JudgeClient({ baseURL, model: o.model, apiKey: o.apiKey, concurrency: o.concurrency ?? 8, timeoutMs: o.timeoutMs, cache: new DbResponseCache(db) });
      const report = await runInjectionProbes(client);
      const failed = report.probes.filter((p) => p.status === "failed").length;
      await db
        .updateTable("judge_probe_runs")
        .set({
          status: "done",
          n: report.n,
          flipped: report.flipped,
          flip_rate: Number.isNaN(report.flipRate) ? null : report.flipRate,
          report: JSON.stringify(report, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v)),
          message: failed ? `${failed} probe(s) failed and are not counted` : null,
          finished_at: sql`now()`,
        })
        .where("id", "=", row.id)
        .execute();
    } catch (err) {
      await db
        .updateTable("judge_probe_runs")
        .set({ status: "failed", message: sanitiseEndpointError(err, "judge"), finished_at: sql`now()` })
        .where("id", "=", row.id)
        .execute();
      throw err;
    }
  })();
  return { id: row.id, done };
}
