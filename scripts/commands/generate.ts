/**
 * arbiter generate --eval NAME --system NAME [--model M] [--endpoint NAME | --base-url U] [--concurrency N] [--timeout-ms T]
 *
 * --endpoint names one of the operator's endpoints (judges/endpoints.ts: its URL, key, allowed
 * models and budget); --base-url (or OPENAI_BASE_URL) with OPENAI_API_KEY stays for an operator's
 * own runs.
 */
import { EndpointConfigError, loadEndpoints } from "../../judges/endpoints.ts";
import { generateOutputs } from "../../judges/generate-outputs.ts";
import { CliError, parseArgs, printJson, stringFlag } from "../cli-support.ts";
import { requireEval, withDb } from "../cli-db.ts";

function bar(done: number, total: number, errors: number): string {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}${errors ? ` (${errors} errors)` : ""}`;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const evalName = stringFlag(args, "eval", true);
  const systemName = stringFlag(args, "system", true);
  const endpointName = stringFlag(args, "endpoint");
  let model = stringFlag(args, "model");
  if (!endpointName && !model) throw new CliError("--model is required (or --endpoint NAME with a default model)");
  let baseURL = stringFlag(args, "base-url") ?? process.env.OPENAI_BASE_URL;
  let apiKey = process.env.OPENAI_API_KEY;
  let budgetTokens: number | undefined;
  if (endpointName) {
    if (stringFlag(args, "base-url")) throw new CliError("give --endpoint or --base-url, not both");
    let chosen;
    try {
      chosen = loadEndpoints().resolve(endpointName, "generate", model);
    } catch (err) {
      if (err instanceof EndpointConfigError) throw new CliError(err.message);
      throw err;
    }
    if ("error" in chosen) throw new CliError(chosen.error);
    ({ model, budgetTokens } = chosen);
    baseURL = chosen.endpoint.baseURL;
    apiKey = chosen.endpoint.apiKey;
  }
  if (!baseURL) throw new CliError("no endpoint: pass --endpoint NAME, --base-url URL (any OpenAI-compatible server) or set OPENAI_BASE_URL");
  const concurrency = Number(stringFlag(args, "concurrency") ?? 8);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new CliError("--concurrency must be a whole number from 1 to 256");
  return withDb(async (h) => {
    const ev = await requireEval(h, evalName);
    const system = await h.db.selectFrom("systems").selectAll().where("eval_id", "=", ev.id).where("name", "=", systemName).executeTakeFirst();
    if (!system) throw new CliError(`eval "${evalName}" has no system named "${systemName}"`);
    const result = await generateOutputs(h.db, {
      evalId: ev.id,
      systemId: system.id,
      model: model!,
      baseURL,
      apiKey,
      budgetTokens,
      concurrency,
      timeoutMs: Number(stringFlag(args, "timeout-ms") ?? 60_000),
      actorId: null,
      onProgress: (p) => process.stderr.write(`\r${bar(p.done, p.total, p.errors)}`),
    });
    process.stderr.write("\n");
    printJson({ eval: ev.name, system: systemName, model, ...result });
    return 0;
  });
}
