/**
 * Two-sided exact binomial sign test of "wins and losses are equally likely" (ties excluded by
 * the caller). Under p = 1/2 the distribution is symmetric, so scipy.stats.binomtest's two-sided
 * rule (sum every outcome no more likely than the observed one) equals twice the smaller tail,
 * capped at 1.
 */
import { logChoose } from "./log-gamma.ts";

/** P(X <= k) for X ~ Binomial(n, 1/2), summed relative to the largest term so it never underflows early. */
export function binomialHalfLowerTail(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (k > n / 2) return 1 - binomialHalfLowerTail(n - k - 1, n);
  const logTop = logChoose(n, k) - n * Math.LN2;
  // Terms fall going down from k (k <= n/2), by the ratio C(n, i-1)/C(n, i) = i / (n - i + 1).
  let term = 1;
  let sum = 1;
  for (let i = k; i > 0; i--) {
    term *= i / (n - i + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.exp(logTop + Math.log(sum));
}

export interface SignTestResult {
  /** Decisive outcomes (wins + losses). */
  n: number;
  wins: number;
  /** null when there is no decisive outcome: nothing to test. */
  p_value: number | null;
  reason?: string;
}

export function signTest(wins: number, losses: number): SignTestResult {
  assertCount(wins, "wins");
  assertCount(losses, "losses");
  const n = wins + losses;
  if (n === 0) return { n, wins, p_value: null, reason: "no decisive outcome (every comparison was a tie)" };
  const smaller = Math.min(wins, losses);
  const p = 2 * binomialHalfLowerTail(smaller, n);
  return { n, wins, p_value: Math.min(1, p) };
}

function assertCount(x: number, name: string): void {
  if (!Number.isInteger(x) || x < 0) throw new RangeError(`${name} must be a non-negative integer, got ${x}`);
}
