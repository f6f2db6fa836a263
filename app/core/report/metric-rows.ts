/**
 * The report's automated-metrics table: each registry metric of each shape, by suite and category and
 * over all cases, for the candidate and the baseline on the cases both answered. Pure.
 *
 * At 100,000 cases the work is shared: mean-type pair metrics (exact match, token F1, ROUGE) are scored
 * once per case and system and summed per group in case order (the same sum the registry's accumulator
 * forms), and accuracy and macro-F1 come from one classification report per group and system.
 */
import { getMetric, type MetricCase, type MetricName, type MetricValue } from "../metrics/registry.ts";
import { metricCase, PAIR_SCORES, type Evidence } from "./case-evidence.ts";
import type { MetricRow } from "./types.ts";

/**
 * Per-case scores of a mean-type pair metric (exact match, token F1, ROUGE) for one system, index-aligned
 * with ev.cases, with `scored` marking the cases that have a reference (the registry skips the others).
 * Computed once per report and summed per group, instead of scoring every case again in each group.
 */
interface PairScores {
  scores: Float64Array;
  scored: Uint8Array;
}

function pairScores(ev: Evidence, name: MetricName, which: "candidate" | "baseline"): PairScores {
  const score = PAIR_SCORES[name]!;
  const scores = new Float64Array(ev.cases.length);
  const scored = new Uint8Array(ev.cases.length);
  ev.cases.forEach((c, i) => {
    const ref = c.case.reference;
    if (typeof ref !== "string" || ref.trim() === "") return;
    const o = c[which];
    scores[i] = score((o && !o.error ? o.text : null) ?? "", ref);
    scored[i] = 1;
  });
  return { scores, scored };
}

/** The registry's MeanAccumulator over the group's cases, from precomputed scores (same order, same sum). */
function groupMean(name: MetricName, { scores, scored }: PairScores, members: readonly number[]): MetricValue | null {
  let sum = 0;
  let n = 0;
  for (const i of members) {
    if (!scored[i]) continue;
    sum += scores[i];
    n++;
  }
  return n === 0 ? null : { metric: name, value: sum / n, n };
}

export function metricRows(ev: Evidence): MetricRow[] {
  // Each case's MetricCase of each system is built once and shared by every group and metric
  // (it was rebuilt per group, metric and system: ~800,000 short-lived objects at 100,000 cases).
  // Built on first use: the mean-type pair metrics read precomputed scores instead.
  const mcCandidate: MetricCase[] = [];
  const mcBaseline: MetricCase[] = [];
  const metricCases = (members: readonly number[], which: "candidate" | "baseline"): MetricCase[] => {
    const cache = which === "candidate" ? mcCandidate : mcBaseline;
    return members.map((i) => (cache[i] ??= metricCase(ev.cases[i], ev.cases[i][which])));
  };
  const scoreCache = new Map<string, PairScores>();
  const scoresOf = (name: MetricName, which: "candidate" | "baseline") => {
    const key = `${name}:${which}`;
    let s = scoreCache.get(key);
    if (!s) scoreCache.set(key, (s = pairScores(ev, name, which)));
    return s;
  };
  const groups = new Map<string, number[]>();
  ev.cases.forEach((c, i) => {
    for (const key of [`${c.case.suite}\u0000${c.case.category}\u0000${c.case.shape}`, `all\u0000all\u0000${c.case.shape}`]) {
      const g = groups.get(key);
      if (g) g.push(i);
      else groups.set(key, [i]);
    }
  });
  const rows: MetricRow[] = [];
  for (const [key, members] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [suite, category, shape] = key.split("\u0000");
    const both = members.filter((i) => ev.cases[i].candidate && (!ev.baseline || ev.cases[i].baseline));

    // accuracy and macro_f1 are two readings of one classification report (the registry's `detail`):
    // computed once per group and system.
    const classification = new Map<string, MetricValue | null>();
    const compute = (name: MetricName, which: "candidate" | "baseline"): MetricValue | null => {
      if (PAIR_SCORES[name]) return groupMean(name, scoresOf(name, which), both);
      if (name !== "accuracy" && name !== "macro_f1") return getMetric(name).compute(metricCases(both, which));
      let r = classification.get(which);
      if (r === undefined) classification.set(which, (r = getMetric("accuracy").compute(metricCases(both, which))));
      if (!r) return null;
      const report = r.detail as { accuracy: number; macroF1: number };
      return { ...r, metric: name, value: name === "accuracy" ? report.accuracy : report.macroF1 };
    };
    for (const name of ev.metricsFor(shape)) {
      const def = getMetric(name);
      let cv: number | null = null;
      let bv: number | null = null;
      let n = 0;
      try {
        const cr = compute(name, "candidate");
        cv = cr?.value ?? null;
        n = cr?.n ?? 0;
        if (ev.baseline) bv = compute(name, "baseline")?.value ?? null;
      } catch {
        continue;
      }
      if (cv === null && bv === null) continue;
      rows.push({ suite, category, shape, metric: name, higher_is_better: def.higherIsBetter, candidate: cv, baseline: bv, delta: cv !== null && bv !== null ? cv - bv : null, n });
    }
  }
  return rows;
}
