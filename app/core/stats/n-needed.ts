/**
 * How much more data a gate needs (issue 17 item 4). If the estimate held and the interval
 * narrowed as 1/√n, it would just clear the threshold at
 *   n_needed = ⌈n · (half-width / |estimate − threshold|)²⌉
 * items; an estimate exactly on the threshold can never clear it ("cannot clear").
 */
export interface NNeeded {
  /** Items needed in all (not more items); null when it cannot clear or nothing is known. */
  n_needed: number | null;
  cannot_clear: boolean;
}

export function nNeeded(n: number, estimate: number | null, halfWidth: number | null, threshold: number): NNeeded {
  if (!(n > 0) || estimate === null || halfWidth === null || !Number.isFinite(estimate) || !Number.isFinite(halfWidth)) {
    return { n_needed: null, cannot_clear: false };
  }
  const gap = Math.abs(estimate - threshold);
  if (gap === 0) return { n_needed: null, cannot_clear: true };
  // Guard the ceiling against rounding just above an integer (e.g. 4.000000000000001 → 4).
  const raw = n * (halfWidth / gap) ** 2;
  const rounded = Math.round(raw);
  return { n_needed: Math.abs(raw - rounded) < 1e-9 * Math.max(1, raw) ? rounded : Math.ceil(raw), cannot_clear: false };
}

/** Half the width of an interval, or null. */
export function halfWidth(ci: readonly [number, number] | null | undefined): number | null {
  return ci ? (ci[1] - ci[0]) / 2 : null;
}

/** "About N more judgments (k = 3)": the items still missing, times the votes each item gets. */
export function moreJudgments(needed: NNeeded, n: number, k: number): number | null {
  if (needed.n_needed === null) return null;
  return Math.max(0, needed.n_needed - n) * k;
}
