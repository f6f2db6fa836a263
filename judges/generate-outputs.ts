/**
 * Generates a system's outputs by calling an OpenAI-compatible endpoint, instead of importing them.
 * Resumable: only cases with no output for the system, or whose output recorded an error, are
 * called. Every endpoint failure is written onto the output row (never dropped), so the report can
 * count errors against the system.
 */
import { sql, type Kysely } from "kysely";
import { recordAudit } from "../db/audit.ts";
import type { CaseInput, Database } from "../db/types.ts";
import { createJudgeClient, type ChatMessage } from "./client.ts";
import { sanitiseEndpointError } from "./endpoints.ts";

export interface GenerateOptions {
  evalId: number;
  systemId: number;
  model: string;
  baseURL: string;
  apiKey?: string;
  /** A cap on the run's prompt plus completion tokens (an endpoint's budget). */
  budgetTokens?: number;
  concurrency?: number;
  timeoutMs?: number;
  maxRetries?: number;
  temperature?: number;
  actorId: number | null;
  onProgress?: (p: GenerateProgress) => void;
}

export interface GenerateProgress {
  runId: number;
  total: number;
  done: number;
  errors: number;
}

/** The case as chat messages; a context (the source passage) goes first as a system message. */
export function caseMessages(input: CaseInput, context: string | null): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (context) messages.push({ role: "system", content: `Use this context to answer.\n\n${context}` });
  if (typeof input === "string") messages.push({ role: "user", content: input });
  else for (const m of input) messages.push({ role: m.role === "tool" ? "user" : m.role, content: m.content });
  return messages;
}

export async function startGenerationRun(db: Kysely<Database>, options: GenerateOptions): Promise<{ runId: number; pending: { id: number; input: CaseInput; context: string | null }[] }> {
  const pending = await db
    .selectFrom("cases as c")
    .leftJoin("outputs as o", (join) => join.onRef("o.case_id", "=", "c.id").on("o.system_id", "=", options.systemId))
    .select(["c.id", "c.input", "c.context"])
    .where("c.eval_id", "=", options.evalId)
    .where((eb) => eb.or([eb("o.id", "is", null), eb("o.error", "is not", null)]))
    .orderBy("c.id")
    .execute();
  const run = await db
    .insertInto("generation_runs")
    .values({
      eval_id: options.evalId,
      system_id: options.systemId,
      model: options.model,
      base_url: options.baseURL,
      status: "running",
      total: pending.length,
      message: null,
      created_by: options.actorId,
      finished_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(db, { actorId: options.actorId, action: "generate.start", entity: "eval", entityId: options.evalId, detail: { runId: run.id, systemId: options.systemId, model: options.model, pending: pending.length } });
  return { runId: run.id, pending: pending.map((p) => ({ ...p, input: p.input as CaseInput })) };
}

export async function runGeneration(
  db: Kysely<Database>,
  options: GenerateOptions,
  started: { runId: number; pending: { id: number; input: CaseInput; context: string | null }[] },
): Promise<GenerateProgress> {
  const { runId, pending } = started;
  const client = createJudgeClient({
    baseURL: options.baseURL,
    apiKey: options.apiKey,
    model: options.model,
    concurrency: options.concurrency ?? 8,
    timeoutMs: options.timeoutMs ?? 60_000,
    maxRetries: options.maxRetries ?? 3,
    cache: null,
    budget: options.budgetTokens === undefined ? undefined : { maxTokens: options.budgetTokens },
  });
  const progress: GenerateProgress = { runId, total: pending.length, done: 0, errors: 0 };
  let lastWrite = 0;
  const report = async (force = false) => {
    options.onProgress?.({ ...progress });
    if (force || performance.now() - lastWrite > 500) {
      lastWrite = performance.now();
      await db.updateTable("generation_runs").set({ done: progress.done, errors: progress.errors }).where("id", "=", runId).execute();
    }
  };
  try {
    await Promise.all(
      pending.map(async (c) => {
        let row: { text: string | null; error: string | null; latency_ms: number | null; prompt_tokens: number | null; completion_tokens: number | null };
        try {
          const result = await client.complete({
            messages: caseMessages(c.input, c.context),
            params: options.temperature === undefined ? {} : { temperature: options.temperature },
            protocol: "generate",
            promptVersion: "case-input",
            cache: false,
          });
          row = result.refusal
            ? { text: null, error: `refused: ${result.refusal}`, latency_ms: result.latencyMs, prompt_tokens: result.usage.prompt_tokens, completion_tokens: result.usage.completion_tokens }
            : { text: result.content, error: null, latency_ms: Math.round(result.latencyMs), prompt_tokens: result.usage.prompt_tokens, completion_tokens: result.usage.completion_tokens };
        } catch (err) {
          // Status and a short sanitised message only: whatever answered may be an internal page.
          row = { text: null, error: sanitiseEndpointError(err), latency_ms: null, prompt_tokens: null, completion_tokens: null };
        }
        await db
          .insertInto("outputs")
          .values({ case_id: c.id, system_id: options.systemId, ...row, logprobs: null, source: "generate", content_hash: null })
          .onConflict((oc) =>
            oc.columns(["case_id", "system_id"]).doUpdateSet((eb) => ({
              text: eb.ref("excluded.text"),
              error: eb.ref("excluded.error"),
              latency_ms: eb.ref("excluded.latency_ms"),
              prompt_tokens: eb.ref("excluded.prompt_tokens"),
              completion_tokens: eb.ref("excluded.completion_tokens"),
              source: eb.ref("excluded.source"),
              content_hash: null,
              updated_at: sql`now()`,
            })),
          )
          .execute();
        progress.done++;
        if (row.error) progress.errors++;
        await report();
      }),
    );
    await report(true);
    await db.updateTable("generation_runs").set({ status: "done", finished_at: sql`now()` }).where("id", "=", runId).execute();
  } catch (err) {
    await db
      .updateTable("generation_runs")
      .set({ status: "failed", message: sanitiseEndpointError(err), finished_at: sql`now()`, done: progress.done, errors: progress.errors })
      .where("id", "=", runId)
      .execute();
    throw err;
  }
  return progress;
}

export async function generateOutputs(db: Kysely<Database>, options: GenerateOptions): Promise<GenerateProgress> {
  return runGeneration(db, options, await startGenerationRun(db, options));
}
