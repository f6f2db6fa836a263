/** Latency percentiles p50 / p95 / p99 by linear interpolation between closest ranks (stats/quantile.ts). */
import { quantileSorted } from "../stats/quantile.ts";

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export function latencySummary(latenciesMs: Iterable<number>): LatencySummary {
  const values: number[] = [];
  for (const v of latenciesMs) {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new RangeError(`latency ${String(v)} ms is not a finite non-negative number`);
    values.push(v);
  }
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n,
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    mean: n === 0 ? Number.NaN : sum / n,
    max: n === 0 ? Number.NaN : sorted[n - 1],
  };
}
