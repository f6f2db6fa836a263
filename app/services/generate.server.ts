import type { AppLoadContext } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database } from "../../db/types";
import { serverEndpoints } from "../../judges/endpoints";
import { runGeneration, startGenerationRun } from "../../judges/generate-outputs";

/** The generation endpoints a lead may choose from: names and models, never keys. */
export const generationEndpoints = () => serverEndpoints().list("generate");

/**
 * Creates the run now (so the page shows it at once) and works it in the background of this server.
 * The endpoint is one the operator configured, chosen by name (judges/endpoints.ts): a lead never
 * gives the server a URL, so the endpoint's key goes only where the operator said.
 */
export async function startGeneration(
  context: AppLoadContext,
  evalId: number,
  systemName: string,
  model: string,
  endpointName: string,
  actorId: number,
): Promise<{ runId: number } | { error: string }> {
  const chosen = serverEndpoints().resolve(endpointName, "generate", model);
  if ("error" in chosen) return chosen;
  const system = await context.db.selectFrom("systems").select("id").where("eval_id", "=", evalId).where("name", "=", systemName).executeTakeFirst();
  if (!system) return { error: `this eval has no system named "${systemName}"` };
  const running = await context.db.selectFrom("generation_runs").select("id").where("system_id", "=", system.id).where("status", "=", "running").executeTakeFirst();
  if (running) return { error: `a generation run for ${systemName} is already running` };
  const options = { evalId, systemId: system.id, model: chosen.model, baseURL: chosen.endpoint.baseURL, apiKey: chosen.endpoint.apiKey, budgetTokens: chosen.budgetTokens, actorId };
  const started = await startGenerationRun(context.db, options);
  runGeneration(context.db, options, started).catch((err) => context.logger.error({ err, runId: started.runId }, "generation run failed"));
  return { runId: started.runId };
}

export async function listGenerationRuns(db: Kysely<Database>, evalId: number) {
  const rows = await db
    .selectFrom("generation_runs as g")
    .innerJoin("systems as s", "s.id", "g.system_id")
    .select(["g.id", "s.name as system", "g.model", "g.status", "g.total", "g.done", "g.errors", "g.message", "g.started_at"])
    .where("g.eval_id", "=", evalId)
    .orderBy("g.id", "desc")
    .limit(10)
    .execute();
  return rows.map((r) => ({ ...r, started_at: new Date(r.started_at).toISOString().slice(0, 19).replace("T", " ") }));
}
