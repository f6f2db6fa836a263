/**
 * The response cache: a re-run of the same judge over the same data makes no call for what it
 * already has. The store is an interface so the database table can replace the in-memory map.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../app/core/report/canonical-json.ts";
import type { ChatMessage, RequestParams, TokenLogprob, Usage } from "./types.ts";

export interface CachedResponse {
  content: string;
  logprobs: TokenLogprob[] | null;
  usage: Usage;
  /** What the original call cost; a cache hit itself costs nothing and is not charged to a budget. */
  costUsd: number | null;
  finishReason: string | null;
  model: string;
  createdAt: string;
}

export interface ResponseCache {
  get(key: string): Promise<CachedResponse | undefined>;
  set(key: string, value: CachedResponse): Promise<void>;
}

export class InMemoryResponseCache implements ResponseCache {
  private readonly map = new Map<string, CachedResponse>();
  async get(key: string) {
    return this.map.get(key);
  }
  async set(key: string, value: CachedResponse) {
    this.map.set(key, value);
  }
  get size() {
    return this.map.size;
  }
}

export interface CacheKeyParts {
  baseURL: string;
  model: string;
  protocol: string;
  promptVersion: string;
  messages: ChatMessage[];
  params: RequestParams;
}

/** A trailing slash must not split the cache of one endpoint in two. */
export function normaliseBaseURL(baseURL: string): string {
  return baseURL.trim().replace(/\/+$/, "");
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** What identifies a judge: everything that can change an answer except the data being judged. */
function judgeIdentity(parts: Omit<CacheKeyParts, "messages">) {
  return {
    endpoint: normaliseBaseURL(parts.baseURL),
    model: parts.model,
    protocol: parts.protocol,
    prompt_version: parts.promptVersion,
    params: parts.params,
  };
}

/** sha256 of the canonical JSON of (endpoint, model, protocol, prompt version, messages, parameters). */
export function responseCacheKey(parts: CacheKeyParts): string {
  return sha256Hex(canonicalJson({ ...judgeIdentity(parts), messages: parts.messages }));
}

/**
 * The hash a verdict records to say which judge produced it: the judge's identity without the
 * messages. The API key is deliberately not part of it.
 */
export function judgeConfigHash(parts: Omit<CacheKeyParts, "messages">): string {
  return sha256Hex(canonicalJson(judgeIdentity(parts)));
}
