/**
 * Gate evaluation (DESIGN rule 6, app/schemas/pack.ts). Pure.
 *
 * - insufficient_data: no figure, or n < min_n. A no-go.
 * - decide_on "bound": pass when the whole 95% interval satisfies the comparator, fail when the whole
 *   interval violates it, otherwise not_conclusive (the interval straddles the threshold). Without an
 *   interval the point estimate decides, and the gate says so.
 * - decide_on "point": the point estimate decides; the interval is still shown.
 *
 * The decision is SHIP only when every gate passes; INSUFFICIENT when the only gates that do not pass
 * lack data (still a no-go); otherwise NO_GO.
 */
import type { Comparator, Gate } from "../../schemas/pack.ts";
import { exclusionFilter } from "./exclusions.ts";
import { formatGateValue } from "./gate-units.ts";

export type GateStatus = "pass" | "fail" | "not_conclusive" | "insufficient_data";
export type ReportDecision = "SHIP" | "NO_GO" | "INSUFFICIENT";

/** Cases in a gate's scope the figure could not use, and why (issue 13 item 9). */
export interface Exclusion {
  reason: "pending_llm_rubric" | "missing_output" | "missing_baseline_output" | "identical" | "not_judged";
  count: number;
  text: string;
  /** Evidence-explorer query parameters that list these cases (app/core/report/exclusions.ts). */
  filter?: Record<string, string>;
}

/** A figure a gate is decided on. */
export interface Figure {
  value: number | null;
  n: number;
  ci95: [number, number] | null;
  /** How the figure and its interval were obtained, e.g. "Wilson", "paired bootstrap (1000, seed 7)". */
  method?: string;
  /** Extra explanation when the figure is missing or partial. */
  note?: string;
  /** Cases in scope left out of the figure, by reason. */
  excluded?: Exclusion[];
  /** What n counts when it is not plain cases, e.g. "n counts comparisons (105 judgments)". */
  counted?: string;
}

export interface GateResult {
  id: string;
  description: string | null;
  metric: string;
  scope: Gate["scope"];
  mode: Gate["mode"];
  comparator: Comparator;
  threshold: number;
  min_n: number;
  decide_on: Gate["decide_on"];
  value: number | null;
  n: number;
  ci95: [number, number] | null;
  method: string | null;
  /** What n counts, when it is not plain cases. */
  counted: string | null;
  /** Cases in scope the gate could not use, by reason (empty when none). */
  excluded: Exclusion[];
  status: GateStatus;
  /** Why, in one sentence. */
  explanation: string;
  /** The baseline the gate names, when it names one (else the report's baseline). */
  baseline?: string;
  /** Not conclusive or insufficient: items at which the interval would clear the threshold if the estimate held. */
  n_needed?: number | null;
  /** The estimate sits on the threshold: more data cannot make the gate clear. */
  cannot_clear?: boolean;
}

export function satisfies(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case ">=":
      return value >= threshold;
    case ">":
      return value > threshold;
    case "<=":
      return value <= threshold;
    case "<":
      return value < threshold;
    case "==":
      return Math.abs(value - threshold) <= 1e-12;
  }
}

function plain(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4).replace(/\.?0+$/, "");
}

type GateRule = Pick<Gate, "comparator" | "threshold" | "min_n" | "decide_on"> & Partial<Pick<Gate, "metric" | "mode">>;

/** Status of a gate given its figure; the explanation speaks the gate's unit (points, %, ×, ms). */
export function gateStatus(gate: GateRule, figure: Figure): { status: GateStatus; explanation: string } {
  const { comparator: cmp, threshold: t } = gate;
  const fmt = (x: number) => (gate.metric ? formatGateValue(gate.metric, gate.mode ?? "value", x) : plain(x));
  if (figure.value === null || !Number.isFinite(figure.value) || figure.n === 0) {
    return { status: "insufficient_data", explanation: figure.note ?? `no data for this gate (n = 0, needs ${gate.min_n})` };
  }
  if (figure.n < gate.min_n) {
    return { status: "insufficient_data", explanation: `n = ${figure.n} is below min_n = ${gate.min_n}` };
  }
  const v = figure.value;
  if (gate.decide_on === "point" || figure.ci95 === null) {
    const ok = satisfies(v, cmp, t);
    const why = gate.decide_on === "bound" ? " (no interval could be computed, so the point estimate decides)" : "";
    return { status: ok ? "pass" : "fail", explanation: `${fmt(v)} ${ok ? "meets" : "misses"} ${cmp} ${fmt(t)}${why}` };
  }
  const [lo, hi] = figure.ci95;
  if (cmp === "==") {
    if (lo === t && hi === t) return { status: "pass", explanation: `the whole interval equals ${fmt(t)}` };
    if (t < lo || t > hi) return { status: "fail", explanation: `the interval [${fmt(lo)}, ${fmt(hi)}] excludes ${fmt(t)}` };
    return { status: "not_conclusive", explanation: `the interval [${fmt(lo)}, ${fmt(hi)}] contains ${fmt(t)} but is not a single point` };
  }
  const allOk = satisfies(lo, cmp, t) && satisfies(hi, cmp, t);
  const noneOk = !satisfies(lo, cmp, t) && !satisfies(hi, cmp, t);
  if (allOk) return { status: "pass", explanation: `the whole 95% interval [${fmt(lo)}, ${fmt(hi)}] is ${cmp} ${fmt(t)}` };
  if (noneOk) return { status: "fail", explanation: `the whole 95% interval [${fmt(lo)}, ${fmt(hi)}] misses ${cmp} ${fmt(t)}` };
  return { status: "not_conclusive", explanation: `the 95% interval [${fmt(lo)}, ${fmt(hi)}] straddles the threshold ${fmt(t)}` };
}

export function evaluateGate(gate: Gate, figure: Figure): GateResult {
  const { status, explanation } = gateStatus(gate, figure);
  return {
    id: gate.id,
    description: gate.description ?? null,
    metric: gate.metric,
    scope: gate.scope,
    mode: gate.mode,
    comparator: gate.comparator,
    threshold: gate.threshold,
    min_n: gate.min_n,
    decide_on: gate.decide_on,
    value: figure.value,
    n: figure.n,
    ci95: figure.ci95,
    method: figure.method ?? null,
    counted: figure.counted ?? null,
    excluded: (figure.excluded ?? []).map((e) => ({ ...e, filter: exclusionFilter(gate.scope, e.reason, gate.metric) })),
    status,
    explanation: figure.note && status !== "insufficient_data" ? `${explanation}; ${figure.note}` : explanation,
  };
}

export function decide(results: readonly { status: GateStatus }[]): ReportDecision {
  if (results.length === 0) return "INSUFFICIENT";
  const notPassing = results.filter((r) => r.status !== "pass");
  if (notPassing.length === 0) return "SHIP";
  if (notPassing.every((r) => r.status === "insufficient_data")) return "INSUFFICIENT";
  return "NO_GO";
}
