/** What the report is computed from (loaded by db/report-data.ts) and what it is (stored as JSON). */
import type { Pack } from "../../schemas/pack.ts";
import type { PassRate } from "../assertions/pass-rates.ts";
import type { Preference, PreferenceRow } from "./preference.ts";
import type { GateResult, ReportDecision } from "./gate-evaluation.ts";
import type { RankingSection } from "./ranking.ts";
import type { HumanSampling, HybridSection } from "./hybrid.ts";

export type ReportCaseInput = string | { role: string; content: string }[];

export interface ReportCase {
  id: number;
  external_id: string;
  input: ReportCaseInput;
  context: string | null;
  reference: string | null;
  category: string;
  suite: string;
  shape: string;
  tags: string[];
  assertions: unknown[];
}

export interface ReportOutput {
  id: number;
  case_id: number;
  system_id: number;
  text: string | null;
  latency_ms: number | null;
  error: string | null;
  logprobs: number[] | null;
}

export interface ReportSystem {
  id: number;
  name: string;
  role: "candidate" | "baseline" | "other";
}

/** One comparison's outcomes counted in SQL (a = system_a, the candidate side). */
interface ComparisonCounts {
  comparison_id: number;
  case_id: number;
  system_a_id: number;
  system_b_id: number;
  a: number;
  b: number;
  tie: number;
}

/** Human judgments of one comparison. */
export interface JudgmentCounts extends ComparisonCounts {
  both_bad: number;
}

/** Pairwise verdicts of one comparison (latest judge run). */
export interface VerdictCounts extends ComparisonCounts {
  inconsistent: number;
}

export interface FaithfulnessScore {
  output_id: number;
  case_id: number;
  system_id: number;
  score: number;
}

export interface RubricResult {
  output_id: number;
  /** Index of the llm_rubric assertion in the case's list; null: applies to every rubric of the output. */
  index: number | null;
  passed: boolean;
  score: number | null;
  reason: string | null;
}

export interface LossReason {
  case_id: number;
  source: "annotator" | "judge";
  text: string;
}

export interface ReportInput {
  eval: { id: number; name: string; seed: number };
  systems: ReportSystem[];
  cases: ReportCase[];
  outputs: ReportOutput[];
  pack: { version: number; body: Pack; content_hash: string; locked_version: number | null; latest_version: number } | null;
  judgments: JudgmentCounts[];
  verdicts: VerdictCounts[];
  faithfulness: FaithfulnessScore[];
  rubrics: RubricResult[];
  /** Reasons annotators and the judge gave for preferring the baseline (capped sample). */
  lossReasons: LossReason[];
  /** A sample of all reasons, the background for keyword weighting. */
  backgroundReasons: string[];
  /** How the human-judged comparisons were opened (seeded draw or not); absent: not known. */
  humanSampling?: HumanSampling | null;
  /** Judge runs that exist, to say how to configure the judge when there are none. */
  judgeRuns: { protocol: string; verdicts: number }[];
  /** Cases a lead excluded from the report (explorer flag resolution), already left out of the arrays above. */
  excludedByLead?: number;
}

export interface MetricRow {
  suite: string;
  category: string;
  shape: string;
  metric: string;
  higher_is_better: boolean;
  candidate: number | null;
  baseline: number | null;
  delta: number | null;
  n: number;
}

export interface PassRateRow extends PassRate {
  system: string;
}

export interface AssertionSection {
  by_system: { system: string; role: string; overall: PassRate; by_suite: Record<string, PassRate>; by_category: Record<string, PassRate> }[];
  /** Candidate − baseline on cases both decided, with a paired bootstrap interval. */
  delta: { scope: string; value: number | null; n: number; ci95: [number, number] | null }[];
  pending_note: string | null;
}

export interface LatencyRow {
  system: string;
  role: string;
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  p50_ci95: [number, number] | null;
  p95_ci95: [number, number] | null;
  p99_ci95: [number, number] | null;
}

export type WinRateRow = PreferenceRow;

/**
 * Human preference of the candidate over the baseline. n (of overall and rows) counts comparisons:
 * those judged plus the identical pairs counted as ties; n_votes the judgments behind them.
 */
export interface HumanSection {
  /** Judgments of comparisons that are not identical pairs. */
  n_judgments: number;
  /** Comparisons with at least one judgment that are not identical pairs. */
  n_comparisons: number;
  /** Cases whose two outputs are identical after trimming: ties nobody is asked about. */
  n_identical: number;
  /** "24 identical pairs, counted as ties", null when none. */
  identical_note: string | null;
  overall: Preference | null;
  by_category: WinRateRow[];
  agreement: { alpha: number | null; n_units: number; n_values: number; ci95: [number, number] | null } | null;
  note: string | null;
}

export interface JudgeSection {
  pairwise: { overall: Preference; by_category: WinRateRow[]; n_verdicts: number; position_consistent: number; position_consistency_rate: number | null } | null;
  faithfulness: { by_system: { system: string; n: number; mean: number | null; ci95: [number, number] | null }[] } | null;
  note: string | null;
}

export interface RegressionRow {
  suite: string;
  slice_kind: "category" | "shape" | "tag" | "all";
  slice: string;
  candidate: number | null;
  baseline: number | null;
  delta: number | null;
  ci95: [number, number] | null;
  n: number;
  /** Set only when the slice can tell: beyond the threshold, interval excluding 0, n >= min_n. */
  flag: "regression" | "gain" | null;
  status: RegressionStatus;
  /** The pack's slice_min_n: below it a slice is greyed and never flagged. */
  min_n: number;
}

export type RegressionStatus = "regression" | "gain" | "within_noise" | "within_threshold" | "below_min_n";

export interface ClusterExample {
  case_id: number;
  external_id: string;
  category: string;
  input: string;
  reference: string | null;
  candidate: string | null;
  baseline: string | null;
  why: string[];
}

export interface FailureCluster {
  key: string;
  kind: "category" | "tag" | "assertion" | "confusion" | "keyword" | "shape";
  label: string;
  size: number;
  case_ids: number[];
  truncated: boolean;
  examples: ClusterExample[];
}

export interface ReportBody {
  schema_version: 1;
  eval: { id: number; name: string; seed: number };
  pack: { name: string; version: number; content_hash: string; locked_version: number | null; latest_version: number; changed_after_results: boolean } | null;
  systems: { candidate: string | null; baseline: string | null; others: string[] };
  counts: { cases: number; outputs: number; judgments: number; comparisons_judged: number; pairwise_verdicts: number; faithfulness_verdicts: number };
  decision: ReportDecision;
  gates: GateResult[];
  metrics: MetricRow[];
  assertions: AssertionSection;
  latency: LatencyRow[];
  human: HumanSection;
  judge: JudgeSection;
  /** PPI vs classical human win rate, length-controlled win rates (app/core/report/hybrid.ts). */
  hybrid?: HybridSection;
  regressions: { threshold: number; min_n: number; rows: RegressionRow[] };
  clusters: FailureCluster[];
  /** Bradley-Terry leaderboards and win-rate matrices over every system compared (app/core/report/ranking.ts). */
  ranking?: RankingSection | null;
  notes: string[];
}
