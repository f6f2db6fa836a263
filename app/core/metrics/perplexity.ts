/**
 * Perplexity = exp(−mean token log-probability), natural logs. Over a corpus the mean runs over every
 * token of every output (token-weighted), which is the perplexity of the concatenated outputs.
 * Log-probabilities must be finite and ≤ 0.
 */
export function validateLogprobs(logprobs: readonly number[]): void {
  for (let i = 0; i < logprobs.length; i++) {
    const lp = logprobs[i];
    if (typeof lp !== "number" || !Number.isFinite(lp) || lp > 0) {
      throw new RangeError(`token logprob ${i} is ${String(lp)}: a log-probability must be a finite number <= 0`);
    }
  }
}

export function perplexity(logprobs: readonly number[]): number {
  if (logprobs.length === 0) return Number.NaN;
  validateLogprobs(logprobs);
  let sum = 0;
  for (const lp of logprobs) sum += lp;
  return Math.exp(-sum / logprobs.length);
}

export class PerplexityAccumulator {
  private sum = 0;
  tokens = 0;
  n = 0;
  add(logprobs: readonly number[]): void {
    validateLogprobs(logprobs);
    for (const lp of logprobs) this.sum += lp;
    this.tokens += logprobs.length;
    this.n++;
  }
  result(): number {
    return this.tokens === 0 ? Number.NaN : Math.exp(-this.sum / this.tokens);
  }
}

/** Logprobs in OpenAI's shape ({content: [{token, logprob}]} or [{logprob}]) or a plain number array. */
export function extractLogprobs(value: unknown): number[] | null {
  const list = Array.isArray(value)
    ? value
    : typeof value === "object" && value !== null && Array.isArray((value as { content?: unknown }).content)
      ? ((value as { content: unknown[] }).content)
      : null;
  if (!list) return null;
  const out: number[] = [];
  for (const item of list) {
    if (typeof item === "number") out.push(item);
    else if (typeof item === "object" && item !== null && typeof (item as { logprob?: unknown }).logprob === "number") out.push((item as { logprob: number }).logprob);
    else return null;
  }
  return out;
}
