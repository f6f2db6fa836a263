/**
 * Regression testing: each suite (the general suite first) sliced by category, shape and tag, the
 * candidate's assertion pass rate against the baseline's on the cases both decided, with a paired
 * bootstrap interval. A drop beyond the pack's regression_threshold is flagged "regression", a rise
 * beyond it "gain" (both shown alike), but only when the slice can tell (issue 13 item 7): its 95%
 * interval excludes 0 (else "within noise") and it has at least the pack's slice_min_n decided cases
 * (default 10; else shown greyed, never flagged). Pure.
 */
import type { RegressionStatus } from "./types.ts";
import type { CaseEvidence, Evidence } from "./case-evidence.ts";
import { compareMeans } from "./resample.ts";
import type { RegressionRow } from "./types.ts";

const score = (v: CaseEvidence["candidateVerdict"]): number | null => (v?.status === "pass" ? 1 : v?.status === "fail" ? 0 : null);

export const DEFAULT_SLICE_MIN_N = 10;

/** A slice's verdict: a flag needs a change beyond the threshold, an interval that excludes 0 and enough cases. */
export function sliceStatus(delta: number | null, ci95: readonly [number, number] | null, n: number, threshold: number, minN: number): RegressionStatus {
  if (n < minN) return "below_min_n";
  if (delta === null) return "within_threshold";
  const beyond = delta < -threshold - 1e-12 ? "regression" : delta > threshold + 1e-12 ? "gain" : null;
  if (!beyond) return "within_threshold";
  // An interval that contains 0 (or none at all) cannot tell the change from noise.
  if (!ci95 || (ci95[0] <= 0 && ci95[1] >= 0)) return "within_noise";
  return beyond;
}

export function regressions(evidence: Evidence, threshold: number, seed: number, minN = DEFAULT_SLICE_MIN_N): RegressionRow[] {
  if (!evidence.candidate || !evidence.baseline) return [];
  const suites = [...new Set(evidence.cases.map((c) => c.case.suite))].sort((a, b) => (a === "general" ? -1 : b === "general" ? 1 : a.localeCompare(b)));
  const rows: RegressionRow[] = [];
  for (const suite of suites) {
    const slices = new Map<string, { kind: RegressionRow["slice_kind"]; slice: string; c: number[]; b: number[] }>();
    const add = (kind: RegressionRow["slice_kind"], slice: string, cv: number, bv: number) => {
      const key = `${kind}\u0000${slice}`;
      let s = slices.get(key);
      if (!s) slices.set(key, (s = { kind, slice, c: [], b: [] }));
      s.c.push(cv);
      s.b.push(bv);
    };
    for (const c of evidence.cases) {
      if (c.case.suite !== suite) continue;
      const cv = score(c.candidateVerdict);
      const bv = score(c.baselineVerdict);
      if (cv === null || bv === null) continue;
      add("all", "all", cv, bv);
      add("category", c.case.category, cv, bv);
      add("shape", c.case.shape, cv, bv);
      for (const t of c.case.tags) add("tag", t, cv, bv);
    }
    const order = { all: 0, category: 1, shape: 2, tag: 3 };
    const list = [...slices.values()]
      // Tags are many: only those with at least 3 decided cases are listed (below).
      .sort((x, y) => order[x.kind] - order[y.kind] || x.slice.localeCompare(y.slice));
    for (const s of list) {
      const r = compareMeans(s.c, s.b, "delta", `${seed}:regression:${suite}:${s.kind}:${s.slice}`);
      const delta = r.value;
      if (s.kind === "tag" && s.c.length < 3) continue;
      const status = sliceStatus(delta, r.ci95, r.n, threshold, minN);
      const flag = status === "regression" || status === "gain" ? status : null;
      rows.push({ suite, slice_kind: s.kind, slice: s.slice, candidate: r.candidate, baseline: r.baseline, delta, ci95: r.ci95, n: r.n, flag, status, min_n: minN });
    }
  }
  return rows;
}
