/**
 * An OpenAI-compatible server on loopback for tests and benchmarks. It speaks the real wire
 * protocol (POST /v1/chat/completions, GET /v1/models) so the official `openai` client is
 * exercised end to end over real HTTP, including its header handling and body parsing.
 *
 * Behaviour is scripted per request: a queue of one-shot behaviours (`enqueue`) is consumed
 * first, then the default (`setBehaviour`). That makes "500 twice, then an answer" a one-liner.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StubLogprobToken {
  token: string;
  logprob: number;
  top_logprobs?: Array<{ token: string; logprob: number }>;
}

export interface StubAnswer {
  content: string | null;
  /** Returned only when the request asked for logprobs, as `choices[0].logprobs.content`. */
  logprobs?: StubLogprobToken[];
  usage?: { prompt_tokens: number; completion_tokens: number };
  refusal?: string | null;
  finish_reason?: string;
}

export interface ChatRequestBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  logprobs?: boolean;
  top_logprobs?: number;
  [key: string]: unknown;
}

/** Given the parsed request body (and its 0-based index among all requests), what to answer. */
export type Responder = (body: ChatRequestBody, index: number) => string | StubAnswer | Promise<string | StubAnswer>;

export type Behaviour =
  | { kind: "answer"; responder?: Responder; delayMs?: number }
  | { kind: "status"; status: number; retryAfter?: number | string; retryAfterMs?: number; body?: unknown; delayMs?: number }
  | { kind: "hang" }
  | { kind: "malformed"; delayMs?: number }
  | { kind: "refusal"; mode: "field" | "content"; delayMs?: number };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: ChatRequestBody | undefined;
  receivedAt: number;
}

export interface StubServer {
  baseURL: string;
  requests: RecordedRequest[];
  /** Requests currently being answered, and the most ever at once (to check concurrency limits). */
  readonly inFlight: number;
  readonly maxInFlight: number;
  setBehaviour(b: Behaviour | ((body: ChatRequestBody, index: number) => Behaviour)): void;
  enqueue(...b: Behaviour[]): void;
  reset(): void;
  close(): Promise<void>;
}

const defaultResponder: Responder = () => "ok";

/** Rough token count so usage looks plausible without a tokenizer. */
function roughTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function completionBody(body: ChatRequestBody | undefined, answer: StubAnswer, index: number) {
  const promptText = (body?.messages ?? []).map((m) => String(m.content ?? "")).join("\n");
  const usage = answer.usage ?? {
    prompt_tokens: roughTokens(promptText),
    completion_tokens: roughTokens(answer.content ?? answer.refusal ?? ""),
  };
  return {
    id: `chatcmpl-stub-${index}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: body?.model ?? "stub-model",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: answer.content, refusal: answer.refusal ?? null },
        logprobs: body?.logprobs && answer.logprobs ? { content: answer.logprobs, refusal: null } : null,
        finish_reason: answer.finish_reason ?? "stop",
      },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startOpenAIStub(initial?: Behaviour): Promise<StubServer> {
  let behaviour: Behaviour | ((body: ChatRequestBody, index: number) => Behaviour) = initial ?? { kind: "answer" };
  let queue: Behaviour[] = [];
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: ChatRequestBody | undefined;
    try {
      body = raw ? (JSON.parse(raw) as ChatRequestBody) : undefined;
    } catch {
      body = undefined;
    }
    const path = (req.url ?? "").split("?")[0];
    const index = requests.length;
    requests.push({ method: req.method ?? "", path, headers: req.headers, body, receivedAt: Date.now() });

    const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      const text = JSON.stringify(payload);
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
      res.end(text);
    };

    if (req.method === "GET" && path.endsWith("/models")) {
      return json(200, { object: "list", data: [{ id: "stub-model", object: "model", created: 0, owned_by: "stub" }] });
    }
    if (req.method !== "POST" || !path.endsWith("/chat/completions")) {
      return json(404, { error: { message: `no route ${req.method} ${path}`, type: "invalid_request_error" } });
    }

    const b = queue.length ? queue.shift()! : typeof behaviour === "function" ? behaviour(body!, index) : behaviour;
    if (b.kind === "hang") return; // never answers; the socket is destroyed on close()
    if ("delayMs" in b && b.delayMs) await sleep(b.delayMs);

    switch (b.kind) {
      case "status": {
        const headers: Record<string, string> = {};
        if (b.retryAfter !== undefined) headers["retry-after"] = String(b.retryAfter);
        if (b.retryAfterMs !== undefined) headers["retry-after-ms"] = String(b.retryAfterMs);
        const payload = b.body ?? { error: { message: `stub status ${b.status}`, type: b.status === 429 ? "rate_limit_error" : "server_error" } };
        return json(b.status, payload, headers);
      }
      case "malformed": {
        const text = '{"id": "chatcmpl-broken", "choices": [{"message": {"content": "trunc';
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
        return res.end(text);
      }
      case "refusal":
        return json(
          200,
          completionBody(
            body,
            b.mode === "field" ? { content: null, refusal: "I'm sorry, I can't assist with that request." } : { content: "I can't help with that." },
            index,
          ),
        );
      case "answer": {
        const out = await (b.responder ?? defaultResponder)(body!, index);
        const answer: StubAnswer = typeof out === "string" ? { content: out } : out;
        return json(200, completionBody(body, answer, index));
      }
    }
  }

  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let counted = true;
    const done = () => {
      if (counted) {
        counted = false;
        inFlight--;
      }
    };
    res.on("close", done);
    handle(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: String(err) } }));
    });
  });
  // Keep-alive sockets must not cap throughput; the defaults allow unlimited sockets.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    setBehaviour(b) {
      behaviour = b;
    },
    enqueue(...b) {
      queue.push(...b);
    },
    reset() {
      requests.length = 0;
      queue = [];
      maxInFlight = inFlight;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The brief's name for the entry point. */
export const start = startOpenAIStub;

/** Requests that reached /chat/completions (excludes /models probes). */
export function chatRequests(stub: StubServer): RecordedRequest[] {
  return stub.requests.filter((r) => r.path.endsWith("/chat/completions"));
}

/** The text fenced as <<<NAME ... NAME>>> in the request's last user message (for responders). */
export function fencedText(body: ChatRequestBody | undefined, name: string): string | undefined {
  const user = [...(body?.messages ?? [])].reverse().find((m) => m.role === "user" && m.content.includes(`<<<${name}\n`));
  if (!user) return undefined;
  const start = user.content.indexOf(`<<<${name}\n`) + name.length + 4;
  const end = user.content.indexOf(`\n${name}>>>`, start);
  return end < 0 ? undefined : user.content.slice(start, end);
}
