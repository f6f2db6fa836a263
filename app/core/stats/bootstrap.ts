/**
 * Nonparametric bootstrap percentile intervals (Efron). Items are resampled with replacement;
 * the interval is the type-7 quantile of the resampled statistic at (1-level)/2 and (1+level)/2.
 * Resamples on which the statistic is undefined (null) are left out and counted, so a reader
 * can see when the interval rests on fewer resamples than asked for.
 */
import { multinomial } from "./binomial-sampler.ts";
import { quantileSorted } from "./quantile.ts";
import { createRng, type Rng, type Seed } from "./rng.ts";

export interface BootstrapOptions {
  /** Number of resamples; 1000 unless given. */
  resamples?: number;
  seed?: Seed;
  /** Confidence level; 0.95 unless given. */
  level?: number;
}

export interface BootstrapInterval {
  /** [lo, hi], or null when no resample gave a defined statistic. */
  interval: [number, number] | null;
  resamples: number;
  /** Resamples whose statistic was undefined and so were left out of the interval. */
  undefined_resamples: number;
}

export const DEFAULT_SEED = 20240601;
export const DEFAULT_RESAMPLES = 1000;

/** Percentile interval of already computed replicate values (NaN entries are ignored). */
export function percentileInterval(replicates: ArrayLike<number>, level = 0.95): [number, number] | null {
  const values: number[] = [];
  for (let i = 0; i < replicates.length; i++) if (!Number.isNaN(replicates[i])) values.push(replicates[i]);
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const alpha = (1 - level) / 2;
  return [quantileSorted(sorted, alpha), quantileSorted(sorted, 1 - alpha)];
}

/**
 * Bootstrap interval over items for any statistic of a list of items, e.g. an agreement figure
 * over rows of a rating matrix: `bootstrapItems(rows, (s) => fleissKappa(s).value)`. The sample
 * array is reused between resamples, so the statistic must not keep a reference to it.
 */
export function bootstrapItems<T>(
  items: readonly T[],
  statistic: (sample: T[]) => number | null,
  options: BootstrapOptions = {},
): BootstrapInterval {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? 0.95;
  const rng: Rng = createRng(options.seed ?? DEFAULT_SEED);
  const n = items.length;
  const replicates = new Float64Array(resamples);
  let undefinedCount = 0;
  const sample: T[] = new Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = items[rng.int(n)];
    const value = n === 0 ? null : statistic(sample);
    if (value === null || Number.isNaN(value)) {
      replicates[b] = Number.NaN;
      undefinedCount++;
    } else {
      replicates[b] = value;
    }
  }
  return { interval: percentileInterval(replicates, level), resamples, undefined_resamples: undefinedCount };
}

/** Distinct rows (by `key`) with how many times each occurs, in order of first occurrence. */
export interface RowProfiles<T> {
  distinct: T[];
  counts: Float64Array;
  /** For each input row, the index of its distinct row. */
  profileOf: Int32Array;
}

export function groupRows<T>(rows: readonly T[], key: (row: T) => string): RowProfiles<T> {
  const index = new Map<string, number>();
  const distinct: T[] = [];
  const counts: number[] = [];
  const profileOf = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const k = key(rows[i]);
    let p = index.get(k);
    if (p === undefined) {
      p = distinct.length;
      index.set(k, p);
      distinct.push(rows[i]);
      counts.push(0);
    }
    counts[p]++;
    profileOf[i] = p;
  }
  return { distinct, counts: Float64Array.from(counts), profileOf };
}

export interface CountBootstrapOptions extends BootstrapOptions {
  /** Called now and then with the resamples done so far (for progress on a long run). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The same bootstrap over items as bootstrapItems, for a statistic that depends on the items only
 * through how many times each distinct row occurs (every agreement coefficient: a unit's
 * contribution is a function of its ratings). Drawing n items with replacement and counting them
 * per distinct row is exactly a multinomial draw of the counts with probabilities counts/n, so
 * a resample costs O(distinct rows), not O(items), and the statistic is evaluated on the
 * distinct rows with the drawn counts as weights. When nearly every row is distinct the draws
 * are index picks instead, the cheaper way to the same distribution.
 */
export function bootstrapCounts(
  profiles: RowProfiles<unknown>,
  statistic: (weights: Float64Array) => number | null,
  options: CountBootstrapOptions = {},
): BootstrapInterval {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? 0.95;
  const rng: Rng = createRng(options.seed ?? DEFAULT_SEED);
  const { counts, profileOf } = profiles;
  const n = profileOf.length;
  const k = counts.length;
  const useMultinomial = k * 8 <= n;
  const weights = new Float64Array(k);
  const replicates = new Float64Array(resamples);
  let undefinedCount = 0;
  for (let b = 0; b < resamples; b++) {
    let value: number | null = null;
    if (n > 0) {
      if (useMultinomial) multinomial(rng, n, counts, weights);
      else {
        weights.fill(0);
        for (let i = 0; i < n; i++) weights[profileOf[rng.int(n)]]++;
      }
      value = statistic(weights);
    }
    if (value === null || Number.isNaN(value)) {
      replicates[b] = Number.NaN;
      undefinedCount++;
    } else {
      replicates[b] = value;
    }
    if (options.onProgress && ((b + 1) % 50 === 0 || b + 1 === resamples)) options.onProgress(b + 1, resamples);
  }
  return { interval: percentileInterval(replicates, level), resamples, undefined_resamples: undefinedCount };
}
