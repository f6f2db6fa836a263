/**
 * Quantile by linear interpolation between closest ranks (Hyndman & Fan type 7, the default of
 * numpy.percentile and R's quantile): h = (n - 1)·q, value = x[floor h] + (h - floor h)·(x[ceil h] - x[floor h]).
 * Used for latency percentiles (DESIGN.md "Definitions") and bootstrap percentile intervals.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (q <= 0) return sorted[0];
  if (q >= 1) return sorted[n - 1];
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Quantile of unsorted values; copies before sorting so the input is left as it was. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  return quantileSorted(sorted, q);
}
