/**
 * The operator-configured endpoint registry: the only OpenAI-compatible endpoints the server will
 * call, each with its own key. A lead chooses an endpoint by name (Data tab's generate form, judge
 * tab, `--endpoint NAME` on the CLI); no URL typed by a user ever reaches the server's HTTP client,
 * so the server's keys cannot be sent to, nor its error texts read from, a host the operator did not
 * name. Keys never leave this module except into the HTTP client.
 *
 * Where endpoints come from (all are merged; a later source may not reuse a name):
 *   ARBITER_ENDPOINTS_FILE  a JSON file: {"endpoints": [Entry, ...]} (or a bare array)
 *   ARBITER_ENDPOINTS       the same JSON inline
 *   JUDGE_BASE_URL          the legacy judge endpoint, named "judge" (JUDGE_MODEL, JUDGE_API_KEY)
 *   OPENAI_BASE_URL         the legacy generation endpoint, named "openai" (OPENAI_API_KEY)
 * Entry: {"name", "base_url", "api_key" | "api_key_env" (the name of an env variable holding it),
 *         "models": [...] (allowed models; empty or absent: any), "default_model",
 *         "budget_tokens" (a cap on every run's tokens), "use": ["generate", "judge"] (default both)}
 *
 * API (for routes, the CLI and the endpoints page):
 *   loadEndpoints(env?)            -> EndpointRegistry (throws EndpointConfigError on a bad config)
 *   registry.list(use?)            -> PublicEndpoint[]: name, base URL, models, budget, use, hasKey; never a key
 *   registry.resolve(name, use, model?) -> {endpoint, model, budgetTokens} | {error}: the one way to pick an endpoint
 *   registry.byBaseURL(url)        -> the endpoint a stored run's base URL names (a worker finding its key)
 *   testEndpoint(endpoint)         -> {ok, status, latencyMs, message, models}: GET {base}/models with the key,
 *                                     the answer reduced like any stored endpoint error
 *   sanitiseEndpointError(err)     -> "kind: HTTP 502: short text": what may be stored or shown from an endpoint
 */
import { readFileSync, statSync } from "node:fs";
import { z } from "zod";
import { normaliseBaseURL } from "./cache.ts";
import { isJudgeFailure } from "./errors.ts";

export type EndpointUse = "generate" | "judge";

export interface Endpoint {
  name: string;
  baseURL: string;
  apiKey?: string;
  /** Allowed models; empty means any model the endpoint serves. */
  models: string[];
  defaultModel?: string;
  /** Upper bound on the tokens of any one run on this endpoint. */
  budgetTokens?: number;
  use: EndpointUse[];
}

export interface PublicEndpoint {
  name: string;
  baseURL: string;
  models: string[];
  defaultModel: string | null;
  budgetTokens: number | null;
  use: EndpointUse[];
  hasKey: boolean;
}

export class EndpointConfigError extends Error {}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const Entry = z
  .object({
    name: z.string().regex(NAME, "a name of letters, digits, '.', '_' or '-' (64 at most)"),
    base_url: z.string().url().refine((u) => /^https?:\/\//i.test(u), "an http(s) URL"),
    api_key: z.string().optional(),
    api_key_env: z.string().optional(),
    models: z.array(z.string().min(1)).optional(),
    default_model: z.string().min(1).optional(),
    budget_tokens: z.number().int().positive().optional(),
    use: z.array(z.enum(["generate", "judge"])).min(1).optional(),
  })
  .strict();
const Config = z.union([z.array(Entry), z.object({ endpoints: z.array(Entry) }).strict()]);

function parseEntries(text: string, source: string, env: Record<string, string | undefined>): Endpoint[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new EndpointConfigError(`${source}: not JSON (${(err as Error).message})`);
  }
  const parsed = Config.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EndpointConfigError(`${source}: ${issue.path.join(".") || "(top)"}: ${issue.message}`);
  }
  const entries = Array.isArray(parsed.data) ? parsed.data : parsed.data.endpoints;
  return entries.map((e) => ({
    name: e.name,
    baseURL: normaliseBaseURL(e.base_url),
    apiKey: e.api_key ?? (e.api_key_env ? env[e.api_key_env] : undefined) ?? undefined,
    models: e.models ?? [],
    defaultModel: e.default_model ?? e.models?.[0],
    budgetTokens: e.budget_tokens,
    use: e.use ?? ["generate", "judge"],
  }));
}

function legacyEndpoints(env: Record<string, string | undefined>): Endpoint[] {
  const out: Endpoint[] = [];
  const judge = env.JUDGE_BASE_URL?.trim();
  if (judge) {
    const model = env.JUDGE_MODEL?.trim() || undefined;
    out.push({ name: "judge", baseURL: normaliseBaseURL(judge), apiKey: env.JUDGE_API_KEY || undefined, models: [], defaultModel: model, use: ["judge"] });
  }
  const openai = env.OPENAI_BASE_URL?.trim();
  if (openai) out.push({ name: "openai", baseURL: normaliseBaseURL(openai), apiKey: env.OPENAI_API_KEY || undefined, models: [], use: ["generate"] });
  return out;
}

export class EndpointRegistry {
  private readonly byName = new Map<string, Endpoint>();

  constructor(endpoints: Endpoint[]) {
    for (const e of endpoints) {
      if (this.byName.has(e.name)) throw new EndpointConfigError(`endpoint "${e.name}" is configured twice`);
      this.byName.set(e.name, e);
    }
  }

  list(use?: EndpointUse): PublicEndpoint[] {
    return [...this.byName.values()]
      .filter((e) => !use || e.use.includes(use))
      .map((e) => ({
        name: e.name,
        baseURL: e.baseURL,
        models: [...e.models],
        defaultModel: e.defaultModel ?? null,
        budgetTokens: e.budgetTokens ?? null,
        use: [...e.use],
        hasKey: Boolean(e.apiKey),
      }));
  }

  get(name: string): Endpoint | undefined {
    return this.byName.get(name);
  }

  byBaseURL(url: string): Endpoint | undefined {
    const want = normaliseBaseURL(url);
    return [...this.byName.values()].find((e) => e.baseURL === want);
  }

  /**
   * The endpoint and model a request names, or why not. A requested budget is capped by the
   * endpoint's; no budget requested means the endpoint's.
   */
  resolve(name: string | undefined, use: EndpointUse, model?: string, budgetTokens?: number): { endpoint: Endpoint; model: string; budgetTokens?: number } | { error: string } {
    const usable = this.list(use);
    if (usable.length === 0) return { error: `no ${use} endpoint is configured on the server (see docs/security.md: ARBITER_ENDPOINTS_FILE, or ${use === "judge" ? "JUDGE_BASE_URL" : "OPENAI_BASE_URL"})` };
    const chosen = name?.trim() ? this.byName.get(name.trim()) : usable.length === 1 ? this.byName.get(usable[0].name) : undefined;
    if (!chosen) return { error: name?.trim() ? `no endpoint named "${name.trim()}"; configured: ${usable.map((e) => e.name).join(", ")}` : `choose an endpoint: ${usable.map((e) => e.name).join(", ")}` };
    if (!chosen.use.includes(use)) return { error: `endpoint "${chosen.name}" is not configured for ${use}` };
    const m = model?.trim() || chosen.defaultModel;
    if (!m) return { error: `name a model for endpoint "${chosen.name}"` };
    if (chosen.models.length > 0 && !chosen.models.includes(m)) return { error: `endpoint "${chosen.name}" allows the models ${chosen.models.join(", ")}, not "${m}"` };
    const budget = chosen.budgetTokens === undefined ? budgetTokens : Math.min(chosen.budgetTokens, budgetTokens ?? Infinity);
    return { endpoint: chosen, model: m, budgetTokens: budget };
  }
}

/** The registry from the environment (and the file it names). */
export function loadEndpoints(env: Record<string, string | undefined> = process.env): EndpointRegistry {
  const all: Endpoint[] = [];
  const file = env.ARBITER_ENDPOINTS_FILE?.trim();
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      throw new EndpointConfigError(`ARBITER_ENDPOINTS_FILE ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    all.push(...parseEntries(text, file, env));
  }
  if (env.ARBITER_ENDPOINTS?.trim()) all.push(...parseEntries(env.ARBITER_ENDPOINTS, "ARBITER_ENDPOINTS", env));
  for (const legacy of legacyEndpoints(env)) if (!all.some((e) => e.name === legacy.name)) all.push(legacy);
  return new EndpointRegistry(all);
}

let cached: { key: string; registry: EndpointRegistry } | undefined;
let reloadError: string | null = null;

/** The endpoints file's modification stamp: an edit is picked up on the next request, no restart. */
function fileStamp(file: string | undefined): string {
  if (!file) return "";
  try {
    const s = statSync(file);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch (err) {
    return `unreadable:${(err as NodeJS.ErrnoException).code ?? "?"}`;
  }
}

/**
 * The server's registry, re-read when the environment's settings or the endpoints file change. A
 * file edited into an invalid state keeps the last good registry in use (runs keep working) and
 * the reason is kept for the endpoints page (`endpointsReloadError`); at start-up an invalid
 * configuration still stops the server (server.ts).
 */
export function serverEndpoints(env: Record<string, string | undefined> = process.env): EndpointRegistry {
  const file = env.ARBITER_ENDPOINTS_FILE?.trim();
  const key = [env.ARBITER_ENDPOINTS_FILE, fileStamp(file), env.ARBITER_ENDPOINTS, env.JUDGE_BASE_URL, env.JUDGE_MODEL, env.JUDGE_API_KEY, env.OPENAI_BASE_URL, env.OPENAI_API_KEY].join("\u0000");
  if (!cached || cached.key !== key) {
    try {
      cached = { key, registry: loadEndpoints(env) };
      reloadError = null;
    } catch (err) {
      if (!cached || !(err instanceof EndpointConfigError)) throw err;
      reloadError = err.message;
      cached = { key, registry: cached.registry };
    }
  }
  return cached.registry;
}

/** Why the last change of the endpoint configuration was not taken (the previous one is in use), or null. */
export function endpointsReloadError(): string | null {
  return reloadError;
}

const MAX_MESSAGE = 160;

/**
 * What may be kept from an endpoint's failure: the kind, the HTTP status and a short message with
 * markup, URLs, control characters and anything key-like removed. An internal service's page
 * answering in the endpoint's place never ends up in the database.
 */
export function sanitiseEndpointError(err: unknown, kindPrefix = "endpoint"): string {
  const failure = isJudgeFailure(err) ? err : undefined;
  const kind = failure ? failure.kind.replace(/^judge_/, `${kindPrefix}_`) : `${kindPrefix}_error`;
  if (failure?.status) {
    // An HTTP answer: its body is the endpoint's (or whatever stood in its place), so only the status is kept.
    const how = failure.status >= 500 || failure.status === 429 || failure.status === 408 ? `after ${failure.attempts} attempt${failure.attempts === 1 ? "" : "s"}` : "the endpoint rejected the request";
    return `${kind}: HTTP ${failure.status} (${how})`;
  }
  let text = err instanceof Error ? err.message : String(err);
  if (failure) text = text.replace(new RegExp(`^${failure.kind}: `), "");
  return `${kind}: ${sanitiseText(text)}`;
}

export function sanitiseText(raw: string): string {
  let text = raw
    .replace(/<[^>]*>?/g, " ") // markup (an HTML error page)
    .replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, "[url]")
    .replace(/\b(sk|arb|key|token)[-_][A-Za-z0-9_-]{6,}/gi, "[redacted]")
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (text.length > MAX_MESSAGE) text = `${text.slice(0, MAX_MESSAGE - 1)}…`;
  return text;
}

export interface EndpointTest {
  ok: boolean;
  status: number | null;
  latencyMs: number;
  /** Sanitised, short. */
  message: string;
  /** Model ids the endpoint lists (at most 50), when it answered with a model list. */
  models: string[];
}

/** "Test connection": GET {base}/models with the endpoint's key, within `timeoutMs`. */
export async function testEndpoint(endpoint: Endpoint, opts: { timeoutMs?: number; fetchImpl?: typeof fetch } = {}): Promise<EndpointTest> {
  const t0 = performance.now();
  const doFetch = opts.fetchImpl ?? fetch;
  try {
    const res = await doFetch(`${endpoint.baseURL}/models`, {
      headers: endpoint.apiKey ? { Authorization: `Bearer ${endpoint.apiKey}` } : {},
      redirect: "manual",
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    const latencyMs = Math.round(performance.now() - t0);
    const body = await res.text().catch(() => "");
    if (!res.ok) return { ok: false, status: res.status, latencyMs, message: sanitiseText(`HTTP ${res.status}`), models: [] };
    let models: string[] = [];
    try {
      const parsed = JSON.parse(body) as { data?: { id?: unknown }[] };
      models = (parsed.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === "string").slice(0, 50).map(sanitiseText);
    } catch {
      return { ok: false, status: res.status, latencyMs, message: "answered, but not with a model list", models: [] };
    }
    return { ok: true, status: res.status, latencyMs, message: `${models.length} model${models.length === 1 ? "" : "s"} listed`, models };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const reason = e.name === "TimeoutError" ? "timed out" : (e.cause?.code ?? e.name ?? "failed");
    return { ok: false, status: null, latencyMs: Math.round(performance.now() - t0), message: sanitiseText(`could not connect: ${reason}`), models: [] };
  }
}
