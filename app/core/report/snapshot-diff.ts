/**
 * What changed between two report snapshots of an eval. Pure.
 *
 * - gates: every gate present in either snapshot, with both statuses and values; `changed` when the
 *   status differs (a gate added or removed counts as changed).
 * - figures: the report's headline figures that carry a 95% interval (gate values, human and judge
 *   win rates, assertion pass rates, faithfulness, latency percentiles, pass-rate deltas). A figure
 *   "moved beyond its interval" when its value in the newer snapshot lies outside the older
 *   snapshot's 95% interval for it. Figures without an interval in the older snapshot are listed
 *   but never flagged.
 */
import type { GateResult } from "./gate-evaluation.ts";
import type { ReportBody } from "./types.ts";

export interface Figure {
  key: string;
  label: string;
  /** How the page writes it: a share (0–1), milliseconds, or a plain number. */
  unit: "share" | "ms" | "number" | "points";
  value: number | null;
  ci95: [number, number] | null;
}

export interface GateChange {
  id: string;
  before: { status: GateResult["status"]; value: number | null } | null;
  after: { status: GateResult["status"]; value: number | null } | null;
  changed: boolean;
}

export interface FigureChange {
  key: string;
  label: string;
  unit: Figure["unit"];
  before: number | null;
  before_ci95: [number, number] | null;
  after: number | null;
  moved: boolean;
}

export interface SnapshotDiff {
  decision: { before: string; after: string; changed: boolean };
  gates: GateChange[];
  figures: FigureChange[];
}

/** The figures of a snapshot that have an interval, keyed so the same figure matches across snapshots. */
export function figuresOf(body: ReportBody): Figure[] {
  const out: Figure[] = [];
  for (const g of body.gates) {
    const unit: Figure["unit"] = g.metric.startsWith("latency") && g.mode !== "ratio" ? "ms" : g.mode === "ratio" ? "number" : g.mode === "delta" ? "points" : "share";
    out.push({ key: `gate:${g.id}`, label: `gate ${g.id} (${g.metric})`, unit, value: g.value, ci95: g.ci95 });
  }
  if (body.human.overall) out.push({ key: "human:win_rate", label: "human win rate", unit: "share", value: body.human.overall.win_rate, ci95: body.human.overall.ci95_win_rate });
  for (const r of body.human.by_category) out.push({ key: `human:win_rate:${r.group}`, label: `human win rate, ${r.group}`, unit: "share", value: r.win_rate, ci95: r.ci95_win_rate });
  if (body.judge.pairwise) out.push({ key: "judge:win_rate", label: "judge win rate", unit: "share", value: body.judge.pairwise.overall.win_rate, ci95: body.judge.pairwise.overall.ci95_win_rate });
  for (const f of body.judge.faithfulness?.by_system ?? []) out.push({ key: `judge:faithfulness:${f.system}`, label: `faithfulness, ${f.system}`, unit: "share", value: f.mean, ci95: f.ci95 });
  for (const s of body.assertions.by_system) out.push({ key: `assertions:${s.system}`, label: `assertion pass rate, ${s.system}`, unit: "share", value: s.overall.n ? s.overall.rate : null, ci95: s.overall.ci95 });
  for (const d of body.assertions.delta) out.push({ key: `assertions:delta:${d.scope}`, label: `pass-rate delta, ${d.scope}`, unit: "points", value: d.value, ci95: d.ci95 });
  for (const l of body.latency) {
    out.push({ key: `latency:p50:${l.system}`, label: `latency p50, ${l.system}`, unit: "ms", value: l.p50, ci95: l.p50_ci95 });
    out.push({ key: `latency:p95:${l.system}`, label: `latency p95, ${l.system}`, unit: "ms", value: l.p95, ci95: l.p95_ci95 });
  }
  return out;
}

export function diffSnapshots(before: ReportBody, after: ReportBody): SnapshotDiff {
  const ids = [...new Set([...before.gates.map((g) => g.id), ...after.gates.map((g) => g.id)])];
  const gates = ids.map((id): GateChange => {
    const a = before.gates.find((g) => g.id === id);
    const b = after.gates.find((g) => g.id === id);
    return {
      id,
      before: a ? { status: a.status, value: a.value } : null,
      after: b ? { status: b.status, value: b.value } : null,
      changed: !a || !b || a.status !== b.status,
    };
  });
  const old = new Map(figuresOf(before).map((f) => [f.key, f]));
  const figures: FigureChange[] = [];
  for (const f of figuresOf(after)) {
    const o = old.get(f.key);
    if (!o) continue;
    const moved = o.ci95 !== null && f.value !== null && (f.value < o.ci95[0] || f.value > o.ci95[1]);
    figures.push({ key: f.key, label: f.label, unit: f.unit, before: o.value, before_ci95: o.ci95, after: f.value, moved });
  }
  return { decision: { before: before.decision, after: after.decision, changed: before.decision !== after.decision }, gates, figures };
}
