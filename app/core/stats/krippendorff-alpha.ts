/**
 * Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability") for
 * nominal, ordinal, interval and ratio data with missing values:
 * α = 1 - D_o/D_e = 1 - (n - 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck over the coincidence matrix o,
 * where each unit with m_u >= 2 values adds every ordered pair of its values with weight
 * 1/(m_u - 1); units with fewer than two values are not pairable and are dropped.
 *
 * The coincidence matrix is never built as a V×V table for nominal, ordinal and interval data:
 * their sums reduce to per-unit moments (interval: Σ over pairs of (x - y)² = 2m Σ(x - x̄)²;
 * ordinal: the interval metric on mid-ranks R(c) = Σ_{g<c} n_g + n_c/2, which is exactly
 * Krippendorff's (Σ_{g=c..k} n_g - (n_c + n_k)/2)²), so a million ratings take one pass.
 * Ratio data goes through the distinct values, O(V²) for the expected disagreement.
 */
import { StatsInputError } from "./errors.ts";
import { isPresent, orderedCategories, type AgreementValue, type Label, type RatingMatrix } from "./labels.ts";

export type AlphaLevel = "nominal" | "ordinal" | "interval" | "ratio";

export interface KrippendorffOptions {
  /** For ordinal data with non-numeric labels: the categories from lowest to highest. */
  order?: readonly Label[];
  /** Unit i counts this many times (a bootstrap resample over distinct units); 1 each by default. */
  rowWeights?: ArrayLike<number>;
}

export interface KrippendorffAlpha extends AgreementValue {
  level: AlphaLevel;
  /** Pairable units (with at least two values). */
  n_units: number;
  /** Pairable values, Krippendorff's n. */
  n_values: number;
  observed_disagreement: number | null;
  expected_disagreement: number | null;
}

interface Flat {
  /** Category code (nominal, ordinal) or numeric value (interval, ratio) of each pairable value. */
  values: Float64Array;
  /** values[unitStart[u] .. unitStart[u+1]) belong to pairable unit u. */
  unitStart: Int32Array;
  units: number;
  /** Weight of each pairable unit, and Σ weight·m_u (Krippendorff's n). */
  unitWeight: Float64Array;
  n: number;
  weightedUnits: number;
  /** Category labels by code, for nominal and ordinal. */
  categories: Label[];
}

export function krippendorffAlpha(
  matrix: RatingMatrix,
  level: AlphaLevel = "nominal",
  options: KrippendorffOptions = {},
): KrippendorffAlpha {
  const flat = flatten(matrix, level, options.rowWeights);
  const n = flat.n;
  const base = { level, n_units: flat.weightedUnits, n_values: n };
  if (flat.units === 0) {
    return { value: null, reason: "no unit has two or more values, so nothing is pairable", observed_disagreement: null, expected_disagreement: null, ...base };
  }
  let sums: { observed: number; expected: number };
  switch (level) {
    case "nominal":
      sums = nominalSums(flat);
      break;
    case "ordinal":
      sums = intervalSums(ordinalMidRanks(flat, options.order));
      break;
    case "interval":
      sums = intervalSums(flat);
      break;
    case "ratio":
      sums = ratioSums(flat);
      break;
    default:
      throw new StatsInputError(`unknown level "${level as string}"; expected nominal, ordinal, interval or ratio`);
  }
  // sums.observed = Σ o_ck δ², sums.expected = Σ n_c n_k δ²; D_o and D_e divide them by n and n(n-1).
  const observed = sums.observed / n;
  const expected = sums.expected / (n * (n - 1));
  if (!(sums.expected > 0)) {
    return {
      value: null,
      reason: "every pairable value is the same, so expected disagreement is zero and alpha is undefined",
      observed_disagreement: observed,
      expected_disagreement: expected,
      ...base,
    };
  }
  return { value: 1 - observed / expected, observed_disagreement: observed, expected_disagreement: expected, ...base };
}

function flatten(matrix: RatingMatrix, level: AlphaLevel, rowWeights: ArrayLike<number> | undefined): Flat {
  const numeric = level === "interval" || level === "ratio";
  let total = 0;
  for (const row of matrix) total += row.length;
  const values = new Float64Array(total);
  const starts: number[] = [0];
  const weights: number[] = [];
  let weightedValues = 0;
  let weightedUnits = 0;
  let row = -1;
  const codes = new Map<Label, number>();
  const categories: Label[] = [];
  let count = 0;
  for (const cells of matrix) {
    row++;
    const w = rowWeights ? rowWeights[row] : 1;
    const begin = count;
    for (const r of cells) {
      if (!isPresent(r)) continue;
      if (numeric) {
        if (typeof r !== "number" || !Number.isFinite(r)) {
          throw new StatsInputError(`${level} alpha needs numeric values; got ${JSON.stringify(r)}`);
        }
        if (level === "ratio" && r < 0) throw new StatsInputError(`ratio alpha needs non-negative values; got ${r}`);
        values[count++] = r;
      } else {
        let code = codes.get(r);
        if (code === undefined) {
          code = categories.length;
          codes.set(r, code);
          categories.push(r);
        }
        values[count++] = code;
      }
    }
    if (count - begin < 2) count = begin; // not pairable: drop the unit's lone value
    else {
      starts.push(count);
      weights.push(w);
      weightedValues += w * (count - begin);
      weightedUnits += w;
    }
  }
  return {
    values: values.subarray(0, count),
    unitStart: Int32Array.from(starts),
    units: starts.length - 1,
    unitWeight: Float64Array.from(weights),
    n: weightedValues,
    weightedUnits,
    categories,
  };
}

function nominalSums(flat: Flat): { observed: number; expected: number } {
  const { values, unitStart, units, unitWeight } = flat;
  const v = flat.categories.length;
  const marginal = new Float64Array(v);
  const unitCount = new Float64Array(v);
  let matching = 0; // Σ_c o_cc
  for (let u = 0; u < units; u++) {
    const s = unitStart[u];
    const e = unitStart[u + 1];
    const m = e - s;
    const w = unitWeight[u];
    let same = 0;
    for (let i = s; i < e; i++) {
      const c = values[i];
      same += unitCount[c]; // pairs with earlier equal values in this unit, counted once
      unitCount[c]++;
      marginal[c] += w;
    }
    for (let i = s; i < e; i++) unitCount[values[i]] = 0;
    matching += (w * 2 * same) / (m - 1);
  }
  const n = flat.n;
  let sumSquares = 0;
  for (let c = 0; c < v; c++) sumSquares += marginal[c] * marginal[c];
  // δ² = 1 off the diagonal: Σ o_ck δ² = n - Σ o_cc and Σ n_c n_k δ² = n² - Σ n_c².
  return { observed: n - matching, expected: n * n - sumSquares };
}

/** Replaces each category code by its mid-rank among all pairable values. */
function ordinalMidRanks(flat: Flat, order: readonly Label[] | undefined): Flat {
  const ordered = orderedCategories(flat.categories, order);
  const rankOf = new Map<Label, number>(ordered.map((label, i) => [label, i]));
  const position = Int32Array.from(flat.categories, (label) => rankOf.get(label)!);
  const marginal = new Float64Array(ordered.length);
  for (let u = 0; u < flat.units; u++) {
    const w = flat.unitWeight[u];
    for (let i = flat.unitStart[u]; i < flat.unitStart[u + 1]; i++) marginal[position[flat.values[i]]] += w;
  }
  const midRank = new Float64Array(ordered.length);
  let below = 0;
  for (let g = 0; g < ordered.length; g++) {
    midRank[g] = below + marginal[g] / 2;
    below += marginal[g];
  }
  const values = new Float64Array(flat.values.length);
  for (let i = 0; i < values.length; i++) values[i] = midRank[position[flat.values[i]]];
  return { ...flat, values };
}

function intervalSums(flat: Flat): { observed: number; expected: number } {
  const { values, unitStart, units, unitWeight } = flat;
  const n = flat.n;
  let observed = 0;
  let grandSum = 0;
  for (let u = 0; u < units; u++) {
    const s = unitStart[u];
    const e = unitStart[u + 1];
    const m = e - s;
    const w = unitWeight[u];
    let sum = 0;
    for (let i = s; i < e; i++) sum += values[i];
    grandSum += w * sum;
    const mean = sum / m;
    let ss = 0;
    for (let i = s; i < e; i++) ss += (values[i] - mean) * (values[i] - mean);
    // Σ over ordered pairs (x - y)² = 2m Σ (x - x̄)², each weighted 1/(m - 1).
    observed += (w * 2 * m * ss) / (m - 1);
  }
  const grandMean = grandSum / n;
  let totalSs = 0;
  for (let u = 0; u < units; u++) {
    const w = unitWeight[u];
    if (w === 0) continue;
    let ss = 0;
    for (let i = unitStart[u]; i < unitStart[u + 1]; i++) ss += (values[i] - grandMean) * (values[i] - grandMean);
    totalSs += w * ss;
  }
  return { observed, expected: 2 * n * totalSs };
}

function ratioDelta2(c: number, k: number): number {
  const sum = c + k;
  if (sum === 0) return 0;
  const d = (c - k) / sum;
  return d * d;
}

function ratioSums(flat: Flat): { observed: number; expected: number } {
  const { values, unitStart, units, unitWeight } = flat;
  let observed = 0;
  const counts = new Map<number, number>();
  for (let u = 0; u < units; u++) {
    const s = unitStart[u];
    const e = unitStart[u + 1];
    const w = unitWeight[u];
    let pairs = 0;
    for (let i = s; i < e; i++) for (let j = i + 1; j < e; j++) pairs += ratioDelta2(values[i], values[j]);
    observed += (w * 2 * pairs) / (e - s - 1);
    if (w !== 0) for (let i = s; i < e; i++) counts.set(values[i], (counts.get(values[i]) ?? 0) + w);
  }
  const distinct = [...counts.keys()];
  let expected = 0;
  for (let a = 0; a < distinct.length; a++) {
    for (let b = a + 1; b < distinct.length; b++) {
      expected += 2 * counts.get(distinct[a])! * counts.get(distinct[b])! * ratioDelta2(distinct[a], distinct[b]);
    }
  }
  return { observed, expected };
}
