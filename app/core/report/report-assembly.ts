/**
 * The whole report from its evidence: metrics by suite and category, assertion pass rates, latency,
 * human and judge preferences, agreement, every gate and the decision, regressions and failure
 * clusters. Pure and deterministic given the input (every bootstrap is seeded from the eval's seed),
 * so the same evidence always gives the same body and the same content hash.
 */
import { rankingSection } from "./ranking.ts";
import { passRates } from "../assertions/pass-rates.ts";
import { nominalAlphaFromCounts } from "./agreement.ts";
import { buildEvidence, type CaseEvidence, type Evidence } from "./case-evidence.ts";
import { failureClusters } from "./failure-clusters.ts";
import { computeFigure, preferenceItem, type FigureContext } from "./figures.ts";
import { identicalNote, identicalOutputs } from "./identical.ts";
import { preferenceByCategory, type PreferenceItem } from "./preference.ts";
import { decide, evaluateGate } from "./gate-evaluation.ts";
import { metricRows } from "./metric-rows.ts";
import { humanByCase, judgeByCase } from "./pair-counts.ts";
import { DEFAULT_SLICE_MIN_N, regressions } from "./regressions.ts";
import { compareMeans, quantileIntervals } from "./resample.ts";
import { roundNumbers } from "./canonical-json.ts";
import { gateNeed, hybridSection } from "./hybrid.ts";
import type { AssertionSection, HumanSection, JudgeSection, LatencyRow, ReportBody, ReportInput } from "./types.ts";

export const JUDGE_HOWTO =
  "No LLM-judge verdicts yet. Configure an OpenAI-compatible judge endpoint and start a run from the eval's “LLM judge” tab or with `npx arbiter judge --eval NAME --protocol pairwise` (and `--protocol faithfulness` for grounded cases); the report picks the verdicts up on its next computation.";

function assertionSection(ev: Evidence, seed: number): AssertionSection {
  const by_system: AssertionSection["by_system"] = [];
  for (const [sys, pick] of [
    [ev.candidate, (c: CaseEvidence) => c.candidateVerdict],
    [ev.baseline, (c: CaseEvidence) => c.baselineVerdict],
  ] as const) {
    if (!sys) continue;
    const pr = passRates(
      ev.cases.flatMap((c) => {
        const v = pick(c);
        return v ? [{ status: v.status, category: c.case.category, suite: c.case.suite }] : [];
      }),
    );
    by_system.push({ system: sys.name, role: sys.role, overall: pr.overall, by_suite: pr.bySuite, by_category: pr.byCategory });
  }
  const delta: AssertionSection["delta"] = [];
  if (ev.candidate && ev.baseline) {
    const scopes = new Map<string, [number[], number[]]>();
    const add = (k: string, a: number, b: number) => {
      const s = scopes.get(k) ?? [[], []];
      s[0].push(a);
      s[1].push(b);
      scopes.set(k, s);
    };
    for (const c of ev.cases) {
      const a = c.candidateVerdict?.status;
      const b = c.baselineVerdict?.status;
      if ((a !== "pass" && a !== "fail") || (b !== "pass" && b !== "fail")) continue;
      const av = a === "pass" ? 1 : 0;
      const bv = b === "pass" ? 1 : 0;
      add("all", av, bv);
      add(`suite ${c.case.suite}`, av, bv);
      add(`category ${c.case.category}`, av, bv);
    }
    for (const [scope, [a, b]] of [...scopes].sort(([x], [y]) => (x === "all" ? -1 : y === "all" ? 1 : x.localeCompare(y)))) {
      const r = compareMeans(a, b, "delta", `${seed}:assertions:${scope}`);
      delta.push({ scope, value: r.value, n: r.n, ci95: r.ci95 });
    }
  }
  const pending = ev.cases.filter((c) => c.candidateVerdict?.status === "pending").length;
  return {
    by_system,
    delta,
    pending_note: pending
      ? `${pending} case(s) of the candidate pass every deterministic assertion but await the LLM judge on an llm_rubric assertion; they are left out of pass rates until judged.`
      : null,
  };
}

function latencyRows(ev: Evidence, seed: number): LatencyRow[] {
  const rows: LatencyRow[] = [];
  for (const [sys, pick] of [
    [ev.candidate, (c: CaseEvidence) => c.candidate],
    [ev.baseline, (c: CaseEvidence) => c.baseline],
  ] as const) {
    if (!sys) continue;
    const values: number[] = [];
    for (const c of ev.cases) {
      const l = pick(c)?.latency_ms;
      if (typeof l === "number") values.push(l);
    }
    const q = quantileIntervals(values, [0.5, 0.95, 0.99], `${seed}:latency:${sys.name}`);
    rows.push({ system: sys.name, role: sys.role, n: q.n, p50: q.values[0], p95: q.values[1], p99: q.values[2], p50_ci95: q.ci95[0], p95_ci95: q.ci95[1], p99_ci95: q.ci95[2] });
  }
  return rows;
}

function items(ctx: FigureContext, source: "human" | "judge"): PreferenceItem[] {
  const out: PreferenceItem[] = [];
  for (const c of ctx.evidence.cases) {
    const it = preferenceItem(ctx, source, c);
    if (it) out.push(it);
  }
  return out;
}

function humanSection(ctx: FigureContext): HumanSection {
  const list = items(ctx, "human");
  const judged = list.filter((i) => !i.identical);
  const nJudgments = judged.reduce((s, i) => s + i.wins + i.losses + i.ties + i.both_bad, 0);
  // Identical pairs are ties nobody was asked about: their votes (if any) are not agreement data.
  const units = [...ctx.human].filter(([caseId]) => !ctx.identical.has(caseId)).flatMap(([, h]) => h.units);
  const alpha = nJudgments ? nominalAlphaFromCounts(units, `${ctx.seed}:alpha`) : null;
  const pref = nJudgments ? preferenceByCategory(list, { seed: ctx.seed, source: "human" }) : null;
  return {
    n_judgments: nJudgments,
    n_comparisons: judged.length,
    n_identical: ctx.identical.size,
    identical_note: identicalNote(ctx.identical.size, "tie"),
    overall: pref?.overall ?? null,
    by_category: pref?.by_category ?? [],
    agreement: alpha ? { alpha: alpha.value, n_units: alpha.n_units, n_values: alpha.n_values, ci95: alpha.ci95 } : null,
    note: nJudgments ? null : "No human judgments of candidate against baseline yet: a lead creates comparisons and tasks on the “Human judging” tab, and annotators work their queues.",
  };
}

function judgeSection(input: ReportInput, ctx: FigureContext): JudgeSection {
  const ev = ctx.evidence;
  const seed = ctx.seed;
  const judged = [...ctx.judge].filter(([caseId]) => !ctx.identical.has(caseId)).map(([, j]) => j);
  const nV = judged.reduce((s, x) => s + x.wins + x.losses + x.ties, 0);
  const inconsistent = judged.reduce((s, x) => s + x.inconsistent, 0);
  const pref = nV ? preferenceByCategory(items(ctx, "judge"), { seed, source: "judge" }) : null;
  const pairwise: JudgeSection["pairwise"] = pref
    ? {
        overall: pref.overall,
        by_category: pref.by_category,
        n_verdicts: nV,
        position_consistent: nV - inconsistent,
        position_consistency_rate: (nV - inconsistent) / nV,
      }
    : null;
  let faithfulness: JudgeSection["faithfulness"] = null;
  if (input.faithfulness.length) {
    const by_system = [ev.candidate, ev.baseline, ...ev.others]
      .filter((s): s is NonNullable<typeof s> => Boolean(s))
      .map((s) => {
        const scores = input.faithfulness.filter((f) => f.system_id === s.id).map((f) => f.score);
        const r = compareMeans(scores, null, "value", `${seed}:faithfulness:${s.name}`);
        return { system: s.name, n: r.n, mean: r.value, ci95: r.ci95 };
      })
      .filter((x) => x.n > 0);
    faithfulness = { by_system };
  }
  return { pairwise, faithfulness, note: pairwise || faithfulness ? null : JUDGE_HOWTO };
}

function figureContext(input: ReportInput, seed: number): FigureContext {
  const ev = buildEvidence(input);
  const human = humanByCase(input.judgments, ev.candidate, ev.baseline);
  const judge = judgeByCase(input.verdicts, ev.candidate, ev.baseline);
  const identical = new Set(ev.candidate && ev.baseline ? ev.cases.filter((c) => identicalOutputs(c.candidate, c.baseline)).map((c) => c.case.id) : []);
  return { evidence: ev, human, judge, faithfulness: input.faithfulness, seed, identical, identicalPolicy: input.pack?.body.identical ?? "tie", sampling: input.humanSampling ?? null };
}

export function assembleReport(input: ReportInput): ReportBody {
  const seed = input.eval.seed;
  const ctx = figureContext(input, seed);
  const { evidence: ev, human, judge, identical } = ctx;
  const pack = input.pack;
  // A gate that names its baseline is computed against that system (as if the pack's compare_to
  // named it), so one pack can hold the candidate to a bar against each baseline.
  const perBaseline = new Map<string, FigureContext>();
  const baselineNotes: string[] = [];
  const contextOf = (name: string | undefined): FigureContext => {
    if (!name || !pack) return ctx;
    let c = perBaseline.get(name);
    if (!c) {
      const known = input.systems.some((s) => s.name === name);
      if (!known) baselineNotes.push(`A gate names baseline ${name}, which this eval has no system called: its deltas, ratios and preferences cannot be computed.`);
      // An unknown name must not fall back to the eval's baseline: the gate then has none.
      const systems = known ? input.systems : input.systems.map((s) => (s.role === "baseline" ? { ...s, role: "other" as const } : s));
      c = figureContext({ ...input, systems, pack: { ...pack, body: { ...pack.body, compare_to: known ? name : undefined } } }, seed);
      perBaseline.set(name, c);
    }
    return c;
  };
  const gates = (pack?.body.gates ?? []).map((g) => {
    const r = evaluateGate(g, computeFigure(contextOf(g.baseline), g));
    const need = gateNeed(r);
    const named = g.baseline ? { ...r, baseline: g.baseline } : r;
    return need ? { ...named, ...need } : named;
  });
  const notes = [...ev.notes, ...baselineNotes];
  if (!pack) notes.push("The eval has no pack: no gates are declared, so the decision cannot be SHIP. A lead declares the gates on the “Data & pack” tab.");
  const changed = Boolean(pack && pack.locked_version !== null && pack.version > pack.locked_version);
  if (changed) notes.push(`The gates changed after results were recorded: version ${pack!.locked_version} was locked when the first result arrived; this report uses version ${pack!.version}.`);
  if (!ev.candidate) notes.push("The eval has no candidate system.");
  if (!ev.baseline) notes.push("The eval has no baseline system: deltas, ratios and preferences cannot be computed.");
  const same = identicalNote(identical.size, ctx.identicalPolicy);
  if (same) notes.push(`${same[0].toUpperCase()}${same.slice(1)}: byte-identical outputs (after trimming) go to neither annotators nor the judge.`);
  const missing = ev.cases.filter((c) => !c.candidate).length;
  if (missing) notes.push(`${missing} case(s) have no candidate output.`);
  if (input.excludedByLead) notes.push(`${input.excludedByLead} case(s) were excluded by a lead (flag resolution in the explorer) and are left out of every figure and gate.`);
  const judgedVerdicts = input.verdicts.reduce((s, v) => s + v.a + v.b + v.tie, 0);
  const body: ReportBody = {
    schema_version: 1,
    eval: input.eval,
    pack: pack
      ? { name: pack.body.name, version: pack.version, content_hash: pack.content_hash, locked_version: pack.locked_version, latest_version: pack.latest_version, changed_after_results: changed }
      : null,
    systems: { candidate: ev.candidate?.name ?? null, baseline: ev.baseline?.name ?? null, others: ev.others.map((s) => s.name) },
    counts: {
      cases: input.cases.length,
      outputs: input.outputs.length,
      judgments: input.judgments.reduce((s, j) => s + j.a + j.b + j.tie + j.both_bad, 0),
      comparisons_judged: input.judgments.length,
      pairwise_verdicts: judgedVerdicts,
      faithfulness_verdicts: input.faithfulness.length,
    },
    decision: decide(gates),
    gates,
    metrics: metricRows(ev),
    assertions: assertionSection(ev, seed),
    latency: latencyRows(ev, seed),
    human: humanSection(ctx),
    judge: judgeSection(input, ctx),
    hybrid: hybridSection({ evidence: ev, human, judge, sampling: input.humanSampling ?? null, seed }),
    regressions: {
      threshold: pack?.body.regression_threshold ?? 0.05,
      min_n: pack?.body.slice_min_n ?? DEFAULT_SLICE_MIN_N,
      rows: regressions(ev, pack?.body.regression_threshold ?? 0.05, seed, pack?.body.slice_min_n ?? DEFAULT_SLICE_MIN_N),
    },
    clusters: failureClusters(ev, human, judge, input.lossReasons, input.backgroundReasons),
    ranking: rankingSection(input.judgments, input.verdicts, input.systems, seed),
    notes,
  };
  return roundNumbers(JSON.parse(JSON.stringify(body)) as ReportBody);
}

/** The failing gates of a report, for the CLI's stderr and the gate API. */
export function failingGates(body: Pick<ReportBody, "gates">) {
  return body.gates.filter((g) => g.status !== "pass").map((g) => ({ id: g.id, status: g.status, value: g.value, threshold: g.threshold, comparator: g.comparator, n: g.n, min_n: g.min_n, ci95: g.ci95, explanation: g.explanation, ...(g.n_needed !== undefined || g.cannot_clear ? { n_needed: g.n_needed ?? null, cannot_clear: g.cannot_clear ?? false } : {}) }));
}
