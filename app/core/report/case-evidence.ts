/**
 * Per-case evidence of the two systems a report compares: their outputs, each system's assertion
 * verdict, and per-case values of the mean-type metrics, computed once and shared by every gate,
 * table and cluster. Pure.
 */
import { AssertionListSchema, evaluateCase, type Assertion, type CaseStatus, type CaseVerdict } from "../assertions/index.ts";
import { DEFAULT_METRICS, getMetric, isMetricName, SHAPES, type MetricCase, type MetricName, type Shape } from "../metrics/registry.ts";
import { exactMatch } from "../metrics/exact-match.ts";
import { rougeScore } from "../metrics/rouge.ts";
import { tokenF1 } from "../metrics/token-f1.ts";
import type { Pack, Scope } from "../../schemas/pack.ts";
import type { ReportCase, ReportInput, ReportOutput, ReportSystem } from "./types.ts";

/**
 * What the report reads of one case's assertion verdict. The per-check results are not kept: at
 * 100,000 cases and two systems they were about 100 MB of live heap, and a passing verdict is the same
 * shared object for every case.
 */
export interface CaseOutcome {
  status: CaseStatus;
  /** The first failing check's reason (for pending, the first pending one's); null on pass / none. */
  reason: string | null;
  /** Types of the failing checks, distinct, in list order (empty when the output was an error). */
  failedTypes: readonly string[];
}

const NO_TYPES: readonly string[] = Object.freeze([]);
const PASS: CaseOutcome = Object.freeze({ status: "pass", reason: null, failedTypes: NO_TYPES });
const NONE: CaseOutcome = Object.freeze({ status: "none", reason: null, failedTypes: NO_TYPES });

export function caseOutcome(v: CaseVerdict): CaseOutcome {
  if (v.status === "pass" && v.reason === null) return PASS;
  if (v.status === "none" && v.reason === null) return NONE;
  const failed = new Set<string>();
  for (const k of v.checks) if (k.status === "fail") failed.add(k.type);
  return { status: v.status, reason: v.reason, failedTypes: failed.size ? [...failed] : NO_TYPES };
}

export interface CaseEvidence {
  case: ReportCase;
  assertions: Assertion[];
  /** The schema of the case's first json_schema assertion, for schema compliance. */
  schema: unknown;
  candidate: ReportOutput | null;
  baseline: ReportOutput | null;
  candidateVerdict: CaseOutcome | null;
  baselineVerdict: CaseOutcome | null;
}

export interface Evidence {
  candidate: ReportSystem | null;
  baseline: ReportSystem | null;
  others: ReportSystem[];
  cases: CaseEvidence[];
  metricsFor(shape: string): readonly MetricName[];
  /** Notes about data the report could not use (e.g. invalid assertions). */
  notes: string[];
}

export function pickSystems(systems: readonly ReportSystem[], pack: Pack | null): { candidate: ReportSystem | null; baseline: ReportSystem | null; others: ReportSystem[] } {
  const candidate = systems.find((s) => s.role === "candidate") ?? null;
  const named = pack?.compare_to ? systems.find((s) => s.name === pack.compare_to && s.id !== candidate?.id) : undefined;
  const baseline = named ?? systems.find((s) => s.role === "baseline") ?? null;
  const others = systems.filter((s) => s !== candidate && s !== baseline);
  return { candidate, baseline, others };
}

export function buildEvidence(input: ReportInput): Evidence {
  const pack = input.pack?.body ?? null;
  const { candidate, baseline, others } = pickSystems(input.systems, pack);
  const notes: string[] = [];
  const byCase = new Map<number, { c: ReportOutput | null; b: ReportOutput | null }>();
  for (const o of input.outputs) {
    let slot = byCase.get(o.case_id);
    if (!slot) byCase.set(o.case_id, (slot = { c: null, b: null }));
    if (candidate && o.system_id === candidate.id) slot.c = o;
    else if (baseline && o.system_id === baseline.id) slot.b = o;
  }
  const rubricByOutput = new Map<number, ReportInput["rubrics"]>();
  for (const r of input.rubrics) {
    const list = rubricByOutput.get(r.output_id) ?? [];
    list.push(r);
    rubricByOutput.set(r.output_id, list);
  }
  const verdictOf = (assertions: Assertion[], o: ReportOutput | null): CaseOutcome | null => {
    if (!o) return null;
    if (assertions.length === 0) return NONE;
    const rubrics = rubricByOutput.get(o.id);
    return caseOutcome(evaluateCase(assertions, {
      output: o.error ? null : o.text,
      error: o.error,
      latencyMs: o.latency_ms,
      rubricVerdict: rubrics
        ? (_a, index) => {
            const r = rubrics.find((x) => x.index === index) ?? rubrics.find((x) => x.index === null);
            return r ? { pass: r.passed, score: r.score ?? undefined, reason: r.reason ?? undefined } : undefined;
          }
        : undefined,
    }));
  };
  let invalid = 0;
  // The loader shares one array between cases with identical assertions (most cases of an eval repeat
  // a few lists), so each distinct list is validated once instead of once per case.
  const parsedByList = new Map<unknown, ReturnType<typeof AssertionListSchema.safeParse>>();
  const parseAssertions = (list: unknown[] | null | undefined) => {
    const key = list ?? null;
    let parsed = parsedByList.get(key);
    if (!parsed) parsedByList.set(key, (parsed = AssertionListSchema.safeParse(list ?? [])));
    return parsed;
  };
  const cases: CaseEvidence[] = input.cases.map((c) => {
    const parsed = parseAssertions(c.assertions);
    if (!parsed.success) invalid++;
    const assertions = parsed.success ? parsed.data : [];
    const schemaAssertion = assertions.find((a) => a.type === "json_schema");
    const slot = byCase.get(c.id) ?? { c: null, b: null };
    return {
      case: c,
      assertions,
      schema: schemaAssertion && schemaAssertion.type === "json_schema" ? schemaAssertion.schema : undefined,
      candidate: slot.c,
      baseline: slot.b,
      candidateVerdict: verdictOf(assertions, slot.c),
      baselineVerdict: verdictOf(assertions, slot.b),
    };
  });
  if (invalid) notes.push(`${invalid} case(s) have assertions that no longer validate; they count as cases without assertions.`);
  const overrides = pack?.metrics ?? {};
  const metricsFor = (shape: string): readonly MetricName[] => {
    const override = (overrides as Record<string, string[] | undefined>)[shape];
    const list: readonly string[] = override ?? ((SHAPES as readonly string[]).includes(shape) ? DEFAULT_METRICS[shape as Shape] : []);
    return list.filter(isMetricName);
  };
  return { candidate, baseline, others, cases, metricsFor, notes };
}

export function inScope(c: ReportCase, scope: Scope | "all"): boolean {
  if (scope === "all") return true;
  if (scope.suite && c.suite !== scope.suite) return false;
  if (scope.category && c.category !== scope.category) return false;
  if (scope.shape && c.shape !== scope.shape) return false;
  if (scope.tag && !c.tags.includes(scope.tag)) return false;
  return true;
}

export function scopeLabel(scope: Scope | "all"): string {
  if (scope === "all") return "all cases";
  return Object.entries(scope).map(([k, v]) => `${k} ${v}`).join(", ");
}

export function metricCase(c: CaseEvidence, o: ReportOutput | null): MetricCase {
  return {
    id: c.case.external_id,
    shape: ((SHAPES as readonly string[]).includes(c.case.shape) ? c.case.shape : "open") as Shape,
    output: o && !o.error ? o.text : null,
    reference: c.case.reference,
    schema: c.schema,
    logprobs: o?.logprobs ?? null,
    latencyMs: o?.latency_ms ?? null,
  };
}

/**
 * Per-pair scores of the registry's mean-type pair metrics. On one case their registry value is the
 * accumulator's mean of a single score, i.e. the score itself; calling the score directly avoids an
 * accumulator, a MetricCase and a result object per (case, system, metric) at 100,000 cases.
 */
export const PAIR_SCORES: Partial<Record<MetricName, (prediction: string, reference: string) => number>> = {
  exact_match: exactMatch,
  token_f1: tokenF1,
  rouge1: (p, r) => rougeScore("rouge1", p, r).fmeasure,
  rouge2: (p, r) => rougeScore("rouge2", p, r).fmeasure,
  rougeL: (p, r) => rougeScore("rougeL", p, r).fmeasure,
};

/** The value of a mean-type registry metric on one case (null when it does not apply). */
export function perCaseMetric(name: MetricName, c: CaseEvidence, o: ReportOutput | null): number | null {
  const score = PAIR_SCORES[name];
  if (score) {
    // As the registry's pairMetric: cases without a non-empty reference are skipped, errors score as "".
    const ref = c.case.reference;
    if (typeof ref !== "string" || ref.trim() === "") return null;
    return score((o && !o.error ? o.text : null) ?? "", ref);
  }
  const v = getMetric(name).compute([metricCase(c, o)]);
  return v ? v.value : null;
}
