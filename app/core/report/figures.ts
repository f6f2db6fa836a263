/**
 * The figure behind every gate metric, for a scope and a mode (value, delta, ratio, relative), with n
 * and a 95% interval: Wilson for a proportion of the candidate alone, a seeded paired bootstrap over
 * cases for means, deltas, ratios and latency percentiles, and for pairwise preferences the clustered
 * win rate of app/core/report/preference.ts (n counts comparisons, the interval resamples comparisons
 * with all their votes). A figure says which cases in scope it could not use and why. Pure.
 */
import type { Gate, GateMetric, Scope } from "../../schemas/pack.ts";
import { getMetric, type MetricName } from "../metrics/registry.ts";
import { isValidJson } from "../metrics/json-validity.ts";
import { bootstrapItems } from "../stats/bootstrap.ts";
import { wilsonInterval } from "../stats/wilson.ts";
import { nominalAlphaFromCounts } from "./agreement.ts";
import { inScope, metricCase, perCaseMetric, type CaseEvidence, type Evidence } from "./case-evidence.ts";
import type { Exclusion, Figure } from "./gate-evaluation.ts";
import type { CaseHuman, CaseJudge } from "./pair-counts.ts";
import { preference, preferenceSeed, type IdenticalPolicy, type PreferenceItem } from "./preference.ts";
import { compareMeans, compareQuantiles, type CompareMode } from "./resample.ts";
import type { FaithfulnessScore, ReportOutput } from "./types.ts";
import { lcFigure, ppiFigure, type HumanSampling } from "./hybrid.ts";

export interface FigureContext {
  evidence: Evidence;
  human: Map<number, CaseHuman>;
  judge: Map<number, CaseJudge>;
  faithfulness: FaithfulnessScore[];
  seed: number;
  /** How the human-judged comparisons were chosen; PPI is refused unless drawn from the seed. */
  sampling?: HumanSampling | null;
  /** Cases whose candidate and baseline outputs are identical after trimming. */
  identical: ReadonlySet<number>;
  /** The pack's `identical` policy for the pairwise gates (default tie). */
  identicalPolicy: IdenticalPolicy;
}

/** A case's preference item from human judgments or judge verdicts; null when it has none. */
export function preferenceItem(ctx: Pick<FigureContext, "human" | "judge" | "identical">, source: "human" | "judge", c: CaseEvidence): PreferenceItem | null {
  const id = c.case.id;
  if (ctx.identical.has(id)) return { key: String(id), category: c.case.category, wins: 0, losses: 0, ties: 0, both_bad: 0, identical: true };
  const x = source === "human" ? ctx.human.get(id) : ctx.judge.get(id);
  if (!x) return null;
  return { key: String(id), category: c.case.category, wins: x.wins, losses: x.losses, ties: x.ties, both_bad: "both_bad" in x ? x.both_bad : 0, identical: false };
}

/** Only a category (or nothing): the scopes whose pairwise figure is a row of the report's own table. */
function categoryOnly(scope: Scope | "all"): string | undefined | null {
  if (scope === "all") return undefined;
  const keys = Object.keys(scope) as (keyof Scope)[];
  return keys.length === 1 && keys[0] === "category" ? scope.category! : null;
}

function exclusion(reason: Exclusion["reason"], count: number, text: string): Exclusion[] {
  return count > 0 ? [{ reason, count, text }] : [];
}

type PerCase = (c: CaseEvidence, o: ReportOutput | null) => number | null;

/** Gate metrics that are a mean of per-case values; `binary` ones get a Wilson interval alone. */
const MEAN_METRICS: Partial<Record<GateMetric, { binary: boolean; applies: (ctx: FigureContext, c: CaseEvidence) => boolean; value: PerCase }>> = {};

function listed(ctx: FigureContext, c: CaseEvidence, ...names: MetricName[]): boolean {
  const m = ctx.evidence.metricsFor(c.case.shape);
  return names.some((n) => m.includes(n));
}
const hasRef = (c: CaseEvidence) => typeof c.case.reference === "string" && c.case.reference.trim() !== "";
const safe = (f: PerCase): PerCase => (c, o) => {
  try {
    return f(c, o);
  } catch {
    return 0;
  }
};

MEAN_METRICS.exact_match = { binary: true, applies: (ctx, c) => hasRef(c) && listed(ctx, c, "exact_match", "accuracy"), value: (c, o) => perCaseMetric("exact_match", c, o) };
MEAN_METRICS.accuracy = { binary: true, applies: (ctx, c) => hasRef(c) && listed(ctx, c, "accuracy"), value: (c, o) => perCaseMetric("exact_match", c, o) };
for (const m of ["token_f1", "rouge1", "rouge2", "rougeL"] as const) {
  MEAN_METRICS[m] = { binary: false, applies: (ctx, c) => hasRef(c) && listed(ctx, c, m), value: (c, o) => perCaseMetric(m, c, o) };
}
MEAN_METRICS.valid_json_rate = {
  binary: true,
  applies: (ctx, c) => listed(ctx, c, "json_valid", "tool_args_exact"),
  value: (_c, o) => (o && !o.error && o.text !== null && isValidJson(o.text) ? 1 : 0),
};
MEAN_METRICS.schema_compliance = { binary: true, applies: (_ctx, c) => c.schema !== undefined, value: safe((c, o) => perCaseMetric("json_schema", c, o)) };
MEAN_METRICS.tool_call_accuracy = { binary: true, applies: (ctx, c) => hasRef(c) && listed(ctx, c, "tool_args_exact"), value: safe((c, o) => perCaseMetric("tool_args_exact", c, o)) };
MEAN_METRICS.assertion_pass_rate = {
  binary: true,
  applies: (_ctx, c) => c.assertions.length > 0,
  value: (c, o) => {
    const v = o === c.candidate ? c.candidateVerdict : o === c.baseline ? c.baselineVerdict : null;
    return v?.status === "pass" ? 1 : v?.status === "fail" ? 0 : null;
  },
};
MEAN_METRICS.error_rate = { binary: true, applies: () => true, value: (_c, o) => (o && !o.error ? 0 : 1) };

const CORPUS: Partial<Record<GateMetric, MetricName>> = { bleu: "bleu", wer: "wer", macro_f1: "macro_f1", perplexity: "perplexity" };
const QUANTILE: Partial<Record<GateMetric, number>> = { latency_p50: 0.5, latency_p95: 0.95, latency_p99: 0.99 };

export function gateSeed(seed: number, key: string): string {
  return `${seed}:${key}`;
}

function method(kind: string, resamples: number, seed: number): string {
  return resamples ? `${kind} (${resamples} resamples, seed ${seed})` : kind;
}

/**
 * Per-case values of one metric for both systems, index-aligned with evidence.cases. Stored in typed
 * arrays (state 0 = not computed yet, 1 = null, 2 = value) rather than a Map per case: at 100,000 cases
 * a keyed entry per (case, metric, system) was much of the report's garbage-collection time.
 */
interface ValueColumn {
  state: Uint8Array;
  values: Float64Array;
}
const valueCache = new WeakMap<readonly CaseEvidence[], Map<string, ValueColumn>>();

function column(cases: readonly CaseEvidence[], key: string): ValueColumn {
  let byKey = valueCache.get(cases);
  if (!byKey) valueCache.set(cases, (byKey = new Map()));
  let col = byKey.get(key);
  if (!col) byKey.set(key, (col = { state: new Uint8Array(cases.length), values: new Float64Array(cases.length) }));
  return col;
}

/** A per-case metric value, computed once per (case, metric, system) and shared by every gate. */
function cachedValue(col: ValueColumn, i: number, compute: () => number | null): number | null {
  const st = col.state[i];
  if (st === 2) return col.values[i];
  if (st === 1) return null;
  const v = compute();
  if (v === null) col.state[i] = 1;
  else {
    col.state[i] = 2;
    col.values[i] = v;
  }
  return v;
}

/** Per-case values of a mean-type metric in a scope: candidate alone, and paired with the baseline. */
export interface MeanValues {
  alone: number[];
  paired: [number[], number[]];
  /** Cases in scope the metric applies to but that gave no value, by why (for the checklist). */
  missing: { candidate: number; baseline: number; pending: number; pendingBaseline: number };
}

export function meanValues(ctx: FigureContext, metric: GateMetric, scope: Scope | "all"): MeanValues | null {
  const def = MEAN_METRICS[metric];
  if (!def) return null;
  const alone: number[] = [];
  const pc: number[] = [];
  const pb: number[] = [];
  const missing = { candidate: 0, baseline: 0, pending: 0, pendingBaseline: 0 };
  const cases = ctx.evidence.cases;
  const colC = column(cases, `${metric}:c`);
  const colB = column(cases, `${metric}:b`);
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    if (!inScope(c.case, scope) || !def.applies(ctx, c)) continue;
    // error_rate counts a missing output as an error; other metrics need an output row.
    const cv = metric === "error_rate" || c.candidate ? cachedValue(colC, i, () => def.value(c, c.candidate)) : null;
    if (cv !== null) alone.push(cv);
    else if (!c.candidate) missing.candidate++;
    else if (c.candidateVerdict?.status === "pending") missing.pending++;
    if (ctx.evidence.baseline && (metric === "error_rate" || c.baseline)) {
      const bv = cachedValue(colB, i, () => def.value(c, c.baseline));
      if (cv !== null && bv !== null) {
        pc.push(cv);
        pb.push(bv);
      } else if (cv !== null && bv === null && c.baselineVerdict?.status === "pending") missing.pendingBaseline++;
    } else if (ctx.evidence.baseline && cv !== null) missing.baseline++;
  }
  return { alone, paired: [pc, pb], missing };
}

export function computeFigure(ctx: FigureContext, gate: Pick<Gate, "id" | "metric" | "scope" | "mode"> & { estimator?: Gate["estimator"] }): Figure {
  const { metric, scope } = gate;
  // Hybrid evidence (app/core/report/hybrid.ts): PPI-estimated human win rate, length-controlled win rates.
  const hybrid = { evidence: ctx.evidence, human: ctx.human, judge: ctx.judge, sampling: ctx.sampling ?? null, seed: ctx.seed };
  if (metric === "human_win_rate" && gate.estimator === "ppi" && gate.mode === "value") return ppiFigure(hybrid, scope);
  if (metric === "judge_win_rate_lc" || metric === "human_win_rate_lc") {
    if (gate.mode !== "value") return { value: null, n: 0, ci95: null, note: "pairwise metrics are always mode value" };
    return lcFigure(hybrid, metric === "judge_win_rate_lc" ? "judge" : "human", scope);
  }
  const mode = gate.mode as CompareMode;
  const seed = gateSeed(ctx.seed, gate.id);
  const { evidence } = ctx;
  if (!evidence.candidate) return { value: null, n: 0, ci95: null, note: "the eval has no candidate system" };
  const needsBaseline = mode !== "value";
  if (needsBaseline && !evidence.baseline) return { value: null, n: 0, ci95: null, note: `mode ${mode} needs a baseline system and the eval has none` };

  const mean = MEAN_METRICS[metric];
  if (mean) {
    const v = meanValues(ctx, metric, scope)!;
    const m = v.missing;
    const excluded = [
      ...exclusion("pending_llm_rubric", m.pending + (mode === "value" ? 0 : m.pendingBaseline), `${m.pending + (mode === "value" ? 0 : m.pendingBaseline)} case(s) await the LLM judge on an llm_rubric assertion`),
      ...exclusion("missing_output", m.candidate, `${m.candidate} case(s) have no candidate output`),
      ...(mode === "value" ? [] : exclusion("missing_baseline_output", m.baseline, `${m.baseline} case(s) have no baseline output`)),
    ];
    if (mode === "value") {
      if (mean.binary) {
        const k = v.alone.reduce((s, x) => s + x, 0);
        const n = v.alone.length;
        return { value: n ? k / n : null, n, ci95: Number.isInteger(k) ? wilsonInterval(k, n) : null, method: "Wilson score interval", excluded };
      }
      const r = compareMeans(v.alone, null, "value", seed);
      return { value: r.value, n: r.n, ci95: r.ci95, method: method("bootstrap over cases", r.resamples, ctx.seed), excluded };
    }
    const r = compareMeans(v.paired[0], v.paired[1], mode, seed);
    return { value: r.value, n: r.n, ci95: r.ci95, method: method("paired bootstrap over cases", r.resamples, ctx.seed), excluded };
  }

  const q = QUANTILE[metric];
  if (q !== undefined) {
    const alone: number[] = [];
    const pc: number[] = [];
    const pb: number[] = [];
    for (const c of evidence.cases) {
      if (!inScope(c.case, scope)) continue;
      const cl = c.candidate?.latency_ms;
      const bl = c.baseline?.latency_ms;
      if (typeof cl === "number") alone.push(cl);
      if (typeof cl === "number" && typeof bl === "number") {
        pc.push(cl);
        pb.push(bl);
      }
    }
    const r = mode === "value" ? compareQuantiles(alone, null, q, "value", seed) : compareQuantiles(pc, pb, q, mode, seed);
    return { value: r.value, n: r.n, ci95: r.ci95, method: method(mode === "value" ? "bootstrap over cases" : "paired bootstrap over cases", r.resamples, ctx.seed) };
  }

  const corpus = CORPUS[metric];
  if (corpus) return corpusFigure(ctx, corpus, scope, mode, seed);

  if (metric === "human_win_rate" || metric === "human_decisive_win_rate" || metric === "judge_win_rate") {
    if (mode !== "value") return { value: null, n: 0, ci95: null, note: "pairwise metrics are always mode value" };
    const source = metric === "judge_win_rate" ? "judge" : "human";
    const items: PreferenceItem[] = [];
    let unjudged = 0;
    for (const c of evidence.cases) {
      if (!inScope(c.case, scope)) continue;
      const it = preferenceItem(ctx, source, c);
      if (it) items.push(it);
      else if (c.candidate && (!evidence.baseline || c.baseline)) unjudged++;
    }
    // The report's own table has a row for all cases and for each category: the same seed gives the same interval.
    const cat = categoryOnly(scope);
    const w = preference(items, { seed: cat === null ? seed : preferenceSeed(ctx.seed, source, cat), identical: ctx.identicalPolicy });
    const what = source === "judge" ? "pairwise verdicts" : "human judgments";
    const unit = source === "judge" ? "comparisons with a verdict" : "comparisons";
    const excluded = [
      ...exclusion("identical", w.n_identical_excluded, `${w.n_identical_excluded} identical pair(s) left out (pack: identical: exclude)`),
      ...exclusion("not_judged", unjudged, `${unjudged} case(s) have no ${what} yet`),
    ];
    // Identical pairs alone are no evidence of preference: without one real vote the figure is missing.
    if (w.n_votes === 0) {
      return { value: null, n: 0, ci95: null, note: metric === "judge_win_rate" ? "no pairwise judge verdicts yet: start an LLM-judge run (arbiter judge --protocol pairwise)" : `no ${what} yet`, excluded };
    }
    const counted = `n counts ${unit} (${w.n_votes} ${source === "judge" ? "verdicts" : "judgments"}${w.n_identical ? `, ${w.n_identical} identical pairs counted as ties` : ""})`;
    if (metric === "human_decisive_win_rate") {
      return {
        value: w.decisive_win_rate,
        n: w.wins + w.losses,
        ci95: w.ci95_decisive,
        method: w.ci95_decisive_method === "wilson" ? "Wilson score interval" : method("bootstrap over comparisons with all their votes", 1000, ctx.seed),
        note: w.n === 0 ? `no ${what} yet` : undefined,
        excluded,
        counted,
      };
    }
    return {
      value: w.win_rate,
      n: w.n,
      ci95: w.ci95_win_rate,
      method: method("bootstrap over comparisons with all their votes", w.n ? 1000 : 0, ctx.seed),
      note: w.n === 0 ? (metric === "judge_win_rate" ? "no pairwise judge verdicts yet: start an LLM-judge run (arbiter judge --protocol pairwise)" : "no human judgments yet") : undefined,
      excluded,
      counted,
    };
  }

  if (metric === "judge_faithfulness") {
    const caseOk = new Set(evidence.cases.filter((c) => inScope(c.case, scope)).map((c) => c.case.id));
    const cand = new Map<number, number>();
    const base = new Map<number, number>();
    for (const f of ctx.faithfulness) {
      if (!caseOk.has(f.case_id)) continue;
      if (f.system_id === evidence.candidate.id) cand.set(f.case_id, f.score);
      else if (evidence.baseline && f.system_id === evidence.baseline.id) base.set(f.case_id, f.score);
    }
    const note = cand.size === 0 ? "no faithfulness verdicts yet: start an LLM-judge run (arbiter judge --protocol faithfulness)" : undefined;
    if (mode === "value") {
      const r = compareMeans([...cand.values()], null, "value", seed);
      return { value: r.value, n: r.n, ci95: r.ci95, method: method("bootstrap over cases", r.resamples, ctx.seed), note };
    }
    const pc: number[] = [];
    const pb: number[] = [];
    for (const [id, v] of cand) if (base.has(id)) (pc.push(v), pb.push(base.get(id)!));
    const r = compareMeans(pc, pb, mode, seed);
    return { value: r.value, n: r.n, ci95: r.ci95, method: method("paired bootstrap over cases", r.resamples, ctx.seed), note };
  }

  if (metric === "human_agreement_alpha") {
    const units: (readonly number[])[] = [];
    for (const c of evidence.cases) {
      if (!inScope(c.case, scope) || ctx.identical.has(c.case.id)) continue;
      const h = ctx.human.get(c.case.id);
      if (h) units.push(...h.units);
    }
    const a = nominalAlphaFromCounts(units, seed);
    return {
      value: a.value,
      n: a.n_units,
      ci95: a.ci95,
      method: method("Krippendorff's alpha (nominal), bootstrap over comparisons", a.resamples, ctx.seed),
      note: a.n_units === 0 ? "no comparison has two or more judgments yet" : undefined,
    };
  }
  return { value: null, n: 0, ci95: null, note: `metric ${metric} cannot be computed` };
}

/** Corpus-level metrics (BLEU, WER, macro-F1, perplexity): recomputed per resample up to 2,000 cases. */
function corpusFigure(ctx: FigureContext, name: MetricName, scope: Scope | "all", mode: CompareMode, seed: string): Figure {
  const { evidence } = ctx;
  const def = getMetric(name);
  const rows = evidence.cases.filter(
    (c) => inScope(c.case, scope) && c.candidate && (name === "perplexity" || (evidence.metricsFor(c.case.shape).includes(name) && c.case.reference)) && (mode === "value" || c.baseline),
  );
  const stat = (sample: CaseEvidence[]): number | null => {
    try {
      const cv = def.compute(sample.map((c) => metricCase(c, c.candidate)));
      if (!cv) return null;
      if (mode === "value") return cv.value;
      const bv = def.compute(sample.map((c) => metricCase(c, c.baseline)));
      if (!bv) return null;
      if (mode === "delta") return cv.value - bv.value;
      if (bv.value === 0) return null;
      return mode === "ratio" ? cv.value / bv.value : (cv.value - bv.value) / bv.value;
    } catch {
      return null;
    }
  };
  const value = stat(rows);
  const n = rows.length;
  if (value === null) return { value: null, n: 0, ci95: null, note: `no case in scope has what ${name} needs` };
  if (n > 2000) return { value, n, ci95: null, method: "corpus metric", note: "no interval above 2,000 cases for a corpus metric" };
  // Reuse the stats bootstrap over cases.
  const idx = rows.map((_, i) => i);
  const r = bootstrapItems(idx, (s) => stat(s.map((i) => rows[i])), { seed, resamples: 200 });
  return { value, n, ci95: r.interval, method: method("bootstrap over cases (corpus metric recomputed)", 200, ctx.seed) };
}
