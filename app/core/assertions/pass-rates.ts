/**
 * Assertion pass rates over cases, overall and per category and per suite. n counts decided cases (pass +
 * fail); pending cases are reported apart (a rate over them would change when the judge runs), and cases
 * without assertions are left out. Each rate carries a Wilson score 95% interval.
 */
import type { CaseStatus } from "./evaluate.ts";

export interface CaseOutcome {
  status: CaseStatus;
  category?: string | null;
  suite?: string | null;
}

export interface PassRate {
  passed: number;
  failed: number;
  pending: number;
  /** passed + failed */
  n: number;
  /** passed / n; NaN when n = 0 */
  rate: number;
  ci95: [number, number] | null;
}

export interface PassRates {
  overall: PassRate;
  byCategory: Record<string, PassRate>;
  bySuite: Record<string, PassRate>;
}

const Z95 = 1.959963984540054;

/** Wilson score interval for k successes in n trials. */
export function wilsonInterval(k: number, n: number, z = Z95): [number, number] | null {
  if (n === 0) return null;
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

function tally(): { passed: number; failed: number; pending: number } {
  return { passed: 0, failed: 0, pending: 0 };
}

function finish(t: { passed: number; failed: number; pending: number }): PassRate {
  const n = t.passed + t.failed;
  return { ...t, n, rate: n === 0 ? Number.NaN : t.passed / n, ci95: wilsonInterval(t.passed, n) };
}

export function passRates(outcomes: Iterable<CaseOutcome>): PassRates {
  const overall = tally();
  const byCategory = new Map<string, ReturnType<typeof tally>>();
  const bySuite = new Map<string, ReturnType<typeof tally>>();
  const bump = (t: ReturnType<typeof tally>, s: CaseStatus): void => {
    if (s === "pass") t.passed++;
    else if (s === "fail") t.failed++;
    else if (s === "pending") t.pending++;
  };
  for (const o of outcomes) {
    if (o.status === "none") continue;
    bump(overall, o.status);
    if (o.category) {
      if (!byCategory.has(o.category)) byCategory.set(o.category, tally());
      bump(byCategory.get(o.category)!, o.status);
    }
    if (o.suite) {
      if (!bySuite.has(o.suite)) bySuite.set(o.suite, tally());
      bump(bySuite.get(o.suite)!, o.status);
    }
  }
  const out = (m: Map<string, ReturnType<typeof tally>>): Record<string, PassRate> =>
    Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, t]) => [k, finish(t)]));
  return { overall: finish(overall), byCategory: out(byCategory), bySuite: out(bySuite) };
}
