/**
 * Turning whatever the network or the openai client throws into a named failure, and deciding
 * whether another attempt could help. Only transient faults are retried: timeouts, refused or
 * dropped connections, 408/409/429 and 5xx. A body that is not JSON is not retried: an endpoint
 * that produced one garbled answer usually produces the same again, and each try may be billed.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { JudgeFailure, type JudgeFailureKind } from "./errors.ts";
import { isRetryableStatus } from "./retry.ts";

export interface Classified {
  kind: JudgeFailureKind;
  retryable: boolean;
  message: string;
  status?: number;
  headers?: Headers;
}

export function classifyError(err: unknown, timedOut: boolean): Classified {
  if (err instanceof JudgeFailure) return { kind: err.kind, retryable: false, message: err.message, status: err.status };
  if (timedOut || err instanceof APIConnectionTimeoutError) return { kind: "judge_unavailable", retryable: true, message: "request timed out" };
  if (err instanceof APIUserAbortError) return { kind: "judge_unavailable", retryable: false, message: "request aborted" };
  if (err instanceof APIConnectionError) {
    const cause = (err as { cause?: { cause?: { code?: string }; code?: string } }).cause;
    const code = cause?.cause?.code ?? cause?.code;
    return { kind: "judge_unavailable", retryable: true, message: `connection failed${code ? ` (${code})` : ""}: ${err.message}` };
  }
  if (err instanceof APIError && typeof err.status === "number") {
    const status = err.status;
    if (err.code === "content_filter") return { kind: "judge_refused", retryable: false, message: `content filter: ${err.message}`, status };
    if (isRetryableStatus(status)) return { kind: "judge_unavailable", retryable: true, message: `HTTP ${status}: ${err.message}`, status, headers: err.headers };
    // 400/401/403/404/422: the endpoint is reachable but will not serve this judge as configured.
    return { kind: "judge_unavailable", retryable: false, message: `endpoint rejected the request, HTTP ${status}: ${err.message}`, status };
  }
  if (err instanceof SyntaxError) return { kind: "judge_malformed", retryable: false, message: `response body is not valid JSON: ${err.message}` };
  return { kind: "judge_unavailable", retryable: false, message: err instanceof Error ? err.message : String(err) };
}
