/**
 * Slice-first serving and the strata it induces (issue 17 item 4). Pure.
 *
 * The queue may serve first the comparisons of the slices whose human gates need data. Each change
 * of that set is recorded (queue_allocations) with the case ids it put first, and every reorder
 * keeps the seeded relative order of the rest. Cases that every recorded allocation treated alike
 * (first in the same allocations) were therefore always served in their seeded order relative to
 * each other: within such a stratum the human-judged ones are a uniform random subset, and the
 * prediction-powered win rate is valid stratum by stratum, combined with the strata's shares as
 * weights (app/core/stats/ppi.ts stratifiedPpiMeanCi).
 */
import type { Scope } from "../../schemas/pack.ts";
import { inScope } from "./case-evidence.ts";
import type { GateResult } from "./gate-evaluation.ts";
import type { ReportCase } from "./types.ts";

/** The gates whose figures rest on human votes: the ones slice-first serving can help. */
export const HUMAN_GATE_METRICS: ReadonlySet<string> = new Set(["human_win_rate", "human_decisive_win_rate", "human_win_rate_lc", "human_agreement_alpha"]);

export interface AllocationRecord {
  id: number;
  case_ids: readonly number[];
}

export interface NeedySlice {
  gate: string;
  metric: string;
  scope: Scope;
  n: number;
  n_needed: number | null;
}

/**
 * Human gates over a slice (not "all": a gate over every case gains nothing from an order) that are
 * not conclusive or lack data and could still clear with more of it.
 */
export function needySlices(gates: readonly Pick<GateResult, "id" | "metric" | "scope" | "status" | "n" | "n_needed" | "cannot_clear">[]): NeedySlice[] {
  return gates
    .filter((g) => HUMAN_GATE_METRICS.has(g.metric) && g.scope !== "all" && (g.status === "not_conclusive" || g.status === "insufficient_data") && !g.cannot_clear)
    .map((g) => ({ gate: g.id, metric: g.metric, scope: g.scope as Scope, n: g.n, n_needed: g.n_needed ?? null }));
}

/** Sorted ids of the cases in any of the slices. */
export function servedFirstCases(cases: readonly ReportCase[], slices: readonly NeedySlice[]): number[] {
  if (!slices.length) return [];
  return cases.filter((c) => slices.some((s) => inScope(c, s.scope))).map((c) => c.id).sort((a, b) => a - b);
}

export interface Strata {
  /** The stratum of a case: which allocations put it first, as a key. */
  of(caseId: number): string;
  label(key: string): string;
  /** Allocations that put some case first, in order. */
  allocations: number[];
}

/** Null when no allocation ever put a case first (then the queue's order was the seeded one). */
export function strataOf(allocations: readonly AllocationRecord[]): Strata | null {
  const effective = allocations.filter((a) => a.case_ids.length > 0);
  if (!effective.length) return null;
  const sets = effective.map((a) => new Set(a.case_ids));
  const ids = effective.map((a) => a.id);
  return {
    of(caseId) {
      let key = "";
      for (const s of sets) key += s.has(caseId) ? "1" : "0";
      return key;
    },
    label(key) {
      const first = ids.filter((_, i) => key[i] === "1");
      return first.length ? `served first in allocation ${first.map((i) => `#${i}`).join(", ")}` : "never served first";
    },
    allocations: ids,
  };
}
