/**
 * The lead's quality view of human A/B judgments, as pure computation: agreement on the verdict,
 * per-annotator quality, disputes and human win rates by category, every sampled figure with n
 * and a 95% interval (DESIGN rule 6). Verdicts are compared as outcomes mapped back to systems
 * (a, b, tie, both_bad), never as left/right, which depends on the side each annotator saw.
 */
import { bootstrapItems } from "./stats/bootstrap.ts";
import { cohenKappa } from "./stats/cohen-kappa.ts";
import { fleissKappa } from "./stats/fleiss-kappa.ts";
import { krippendorffAlpha } from "./stats/krippendorff-alpha.ts";
import { agreementWithMajority, strictMajority } from "./stats/majority-agreement.ts";
import { quantile } from "./stats/quantile.ts";
import { wilsonInterval } from "./stats/wilson.ts";
import type { Label, Rating } from "./stats/labels.ts";
import { nominalAlphaFromCounts } from "./report/agreement.ts";
import { preferenceByCategory, type PreferenceItem } from "./report/preference.ts";

export type PairOutcome = "a" | "b" | "tie" | "both_bad";

export interface JudgmentRecord {
  comparison_id: number;
  annotator_id: number;
  outcome: PairOutcome;
  choice: "left" | "right" | "tie" | "both_bad";
  time_ms: number | null;
  /** ms since epoch */
  created_at: number;
}

export interface ComparisonRecord {
  id: number;
  category: string;
  target_k: number;
  gold_answer: "a" | "b" | "tie" | null;
  adjudicated: PairOutcome | null;
  /** e.g. "candidate vs baseline" (the lead's view is not blinded). */
  pair: string;
  /** Both outputs are identical after trimming: a tie nobody is asked about; its votes (if any) are not counted. */
  identical?: boolean;
}

/** An identical pair that has no comparison (none is created for it): still a tie in the pair's win rate. */
export interface IdenticalPair {
  key: string;
  pair: string;
  category: string;
}

export interface Figure {
  value: number | null;
  n: number;
  ci95: [number, number] | null;
  reason?: string;
}

export interface HumanReport {
  agreement: {
    alpha: Figure & { n_units: number };
    fleiss: Figure & { n_raters: number };
    cohen: { a: number; b: number; n: number; value: number | null; ci95: [number, number] | null; reason?: string }[];
    percent: Figure;
  };
  annotators: {
    id: number;
    n: number;
    median_time_ms: number | null;
    majority: Figure;
    gold: Figure;
    left_share: Figure;
  }[];
  /**
   * Comparisons without a strict majority. `complete`: all k votes are in, so it is a dispute to
   * adjudicate; otherwise it is still open ("open, 2 of 3 votes") and may yet settle.
   */
  disputes: { comparison_id: number; counts: Partial<Record<PairOutcome, number>>; adjudicated: PairOutcome | null; votes: number; target_k: number; complete: boolean }[];
  winRates: {
    pair: string;
    /** Identical pairs of this pair of systems, counted as ties. */
    n_identical: number;
    rows: {
      category: string;
      /** Comparisons (items), identical pairs included. */
      n: number;
      /** Judgments behind them. */
      n_votes: number;
      n_identical: number;
      wins: number;
      losses: number;
      ties: number;
      both_bad: number;
      win_rate: number | null;
      ci95: [number, number] | null;
      decisive_win_rate: number | null;
      ci95_decisive: [number, number] | null;
      p_value: number | null;
    }[];
  }[];
  throughput: { last_hour: number; last_24h: number; per_hour: { hour_start: number; n: number }[]; median_time_ms: number | null };
}

const OUTCOMES: PairOutcome[] = ["a", "b", "tie", "both_bad"];

function resamplesFor(n: number): number {
  if (n === 0) return 0;
  return Math.max(200, Math.min(1000, Math.floor(2_000_000 / n)));
}

function median(values: number[]): number | null {
  return values.length ? quantile(values, 0.5) : null;
}

export function computeHumanReport(
  judgments: readonly JudgmentRecord[],
  comparisons: readonly ComparisonRecord[],
  options: { seed: number; now: number; identicalPairs?: readonly IdenticalPair[] },
): HumanReport {
  // Votes on identical pairs (cast before they were recognised) are not evidence of anything.
  const identicalIds = new Set(comparisons.filter((c) => c.identical).map((c) => c.id));
  const byComparison = new Map<number, JudgmentRecord[]>();
  for (const j of judgments) {
    if (identicalIds.has(j.comparison_id)) continue;
    let list = byComparison.get(j.comparison_id);
    if (!list) byComparison.set(j.comparison_id, (list = []));
    list.push(j);
  }
  const cmpById = new Map(comparisons.map((c) => [c.id, c]));
  const annotatorIds = [...new Set(judgments.map((j) => j.annotator_id))].sort((x, y) => x - y);
  const col = new Map(annotatorIds.map((a, i) => [a, i]));
  const judgedIds = [...byComparison.keys()].sort((x, y) => x - y);

  // Rating matrix: rows = comparisons with a judgment, columns = annotators.
  const rows: Rating[][] = judgedIds.map((cid) => {
    const row: Rating[] = new Array(annotatorIds.length).fill(null);
    for (const j of byComparison.get(cid)!) row[col.get(j.annotator_id)!] = j.outcome;
    return row;
  });
  const seed = options.seed;

  // Krippendorff's alpha over everything (missing data allowed), bootstrap over comparisons: the
  // report's computation and seed (app/core/report/agreement.ts), so both show the same digits.
  const alpha = krippendorffAlpha(rows, "nominal");
  const alphaCounts = nominalAlphaFromCounts(
    judgedIds.map((cid) => {
      const u = [0, 0, 0, 0];
      for (const j of byComparison.get(cid)!) u[OUTCOMES.indexOf(j.outcome)]++;
      return u;
    }),
    `${seed}:alpha`,
  );
  const alphaCi = alpha.value === null ? null : alphaCounts.ci95;

  // Fleiss' kappa needs complete data: comparisons with exactly k judgments (the most common k).
  const kCounts = new Map<number, number>();
  for (const cid of judgedIds) {
    const k = cmpById.get(cid)?.target_k ?? 0;
    kCounts.set(k, (kCounts.get(k) ?? 0) + 1);
  }
  const k = [...kCounts].sort((x, y) => y[1] - x[1])[0]?.[0] ?? 0;
  const complete: Label[][] = judgedIds
    .filter((cid) => cmpById.get(cid)?.target_k === k && byComparison.get(cid)!.length === k)
    .map((cid) => byComparison.get(cid)!.map((j) => j.outcome));
  let fleiss: Figure & { n_raters: number } = { value: null, n: complete.length, ci95: null, n_raters: k, reason: "no comparison has all its judgments yet" };
  if (complete.length > 0 && k >= 2) {
    const f = fleissKappa(complete);
    fleiss = {
      value: f.value,
      n: complete.length,
      n_raters: k,
      reason: f.reason,
      ci95: f.value === null ? null : bootstrapItems(complete, (s) => fleissKappa(s).value, { seed, resamples: resamplesFor(complete.length) }).interval,
    };
  }

  // Percent agreement: share of agreeing pairs within comparisons, bootstrap over comparisons.
  const pairwise = (sample: Rating[][]) => {
    let agree = 0;
    let pairs = 0;
    for (const row of sample) {
      const vals = row.filter((v) => v !== null && v !== undefined);
      for (let i = 0; i < vals.length; i++) for (let j = i + 1; j < vals.length; j++) {
        pairs++;
        if (vals[i] === vals[j]) agree++;
      }
    }
    return pairs ? agree / pairs : null;
  };
  const pctValue = pairwise(rows);
  const percent: Figure = {
    value: pctValue,
    n: rows.filter((r) => r.filter((v) => v != null).length >= 2).length,
    ci95: pctValue === null ? null : bootstrapItems(rows, pairwise, { seed, resamples: resamplesFor(rows.length) }).interval,
  };

  // Cohen's kappa for each pair of annotators on the comparisons both judged.
  const cohen: HumanReport["agreement"]["cohen"] = [];
  for (let x = 0; x < annotatorIds.length; x++) {
    for (let y = x + 1; y < annotatorIds.length; y++) {
      const shared: Label[][] = [];
      for (const row of rows) if (row[x] != null && row[y] != null) shared.push([row[x] as Label, row[y] as Label]);
      if (shared.length === 0) continue;
      const c = cohenKappa(shared);
      cohen.push({
        a: annotatorIds[x],
        b: annotatorIds[y],
        n: shared.length,
        value: c.value,
        reason: c.reason,
        ci95: c.value === null ? null : bootstrapItems(shared, (s) => cohenKappa(s).value, { seed, resamples: resamplesFor(shared.length) }).interval,
      });
    }
  }

  // Per annotator.
  const annotators = annotatorIds.map((id, i) => {
    const mine = judgments.filter((j) => j.annotator_id === id);
    const target = rows.map((r) => r[i]);
    const others = rows.map((r) => r.filter((_, c) => c !== i));
    const m = agreementWithMajority(target, others);
    const majority: Figure = { value: m.value, n: m.n_items, ci95: wilsonInterval(m.n_agree, m.n_items), reason: m.reason };
    let goldN = 0;
    let goldOk = 0;
    for (const j of mine) {
      const g = cmpById.get(j.comparison_id)?.gold_answer;
      if (!g) continue;
      goldN++;
      if (j.outcome === g) goldOk++;
    }
    const gold: Figure = goldN ? { value: goldOk / goldN, n: goldN, ci95: wilsonInterval(goldOk, goldN) } : { value: null, n: 0, ci95: null, reason: "no gold item judged" };
    // Position bias: of the decisive answers, how many picked the left side.
    const decisive = mine.filter((j) => j.choice === "left" || j.choice === "right");
    const lefts = decisive.filter((j) => j.choice === "left").length;
    const left_share: Figure = decisive.length
      ? { value: lefts / decisive.length, n: decisive.length, ci95: wilsonInterval(lefts, decisive.length) }
      : { value: null, n: 0, ci95: null, reason: "no decisive answer" };
    const times = mine.map((j) => j.time_ms).filter((t): t is number => t !== null);
    return { id, n: mine.length, median_time_ms: median(times), majority, gold, left_share };
  });

  // Disputes: comparisons with at least two judgments and no strict majority verdict.
  const disputes: HumanReport["disputes"] = [];
  for (const cid of judgedIds) {
    const list = byComparison.get(cid)!;
    if (list.length < 2) continue;
    if (strictMajority(list.map((j) => j.outcome)) !== null) continue;
    const counts: Partial<Record<PairOutcome, number>> = {};
    for (const j of list) counts[j.outcome] = (counts[j.outcome] ?? 0) + 1;
    const k = cmpById.get(cid)?.target_k ?? list.length;
    disputes.push({ comparison_id: cid, counts, adjudicated: cmpById.get(cid)?.adjudicated ?? null, votes: list.length, target_k: k, complete: list.length >= k });
  }
  // Disputes to adjudicate first, then those still collecting votes.
  disputes.sort((x, y) => Number(y.complete) - Number(x.complete) || x.comparison_id - y.comparison_id);

  // Win rates of system_a over system_b per pair and category: the report's clustered preference
  // (app/core/report/preference.ts, same seeds), so the candidate-vs-baseline rows equal the report's.
  const pairs = [...new Set([...comparisons.map((c) => c.pair), ...(options.identicalPairs ?? []).map((p) => p.pair)])];
  const winRates = pairs.map((pair) => {
    const items: PreferenceItem[] = [];
    for (const c of comparisons) {
      if (c.pair !== pair) continue;
      const list = byComparison.get(c.id);
      if (!c.identical && !list) continue;
      const it: PreferenceItem = { key: `c${c.id}`, category: c.category, wins: 0, losses: 0, ties: 0, both_bad: 0, identical: Boolean(c.identical) };
      for (const j of list ?? []) {
        if (j.outcome === "a") it.wins++;
        else if (j.outcome === "b") it.losses++;
        else if (j.outcome === "tie") it.ties++;
        else it.both_bad++;
      }
      items.push(it);
    }
    for (const p of options.identicalPairs ?? []) {
      if (p.pair === pair) items.push({ key: p.key, category: p.category, wins: 0, losses: 0, ties: 0, both_bad: 0, identical: true });
    }
    const pref = preferenceByCategory(items, { seed, source: "human" });
    const rowsOut = [{ group: "all", ...pref.overall }, ...pref.by_category].map((w) => ({
      category: w.group,
      n: w.n,
      n_votes: w.n_votes,
      n_identical: w.n_identical,
      wins: w.wins,
      losses: w.losses,
      ties: w.ties - w.both_bad,
      both_bad: w.both_bad,
      win_rate: w.win_rate,
      ci95: w.ci95_win_rate,
      decisive_win_rate: w.decisive_win_rate,
      ci95_decisive: w.ci95_decisive,
      p_value: w.p_value,
    }));
    return { pair, n_identical: pref.overall.n_identical, rows: rowsOut };
  });

  // Throughput.
  const hour = 3600_000;
  const now = options.now;
  const per_hour: { hour_start: number; n: number }[] = [];
  const startHour = Math.floor(now / hour) * hour - 23 * hour;
  for (let h = 0; h < 24; h++) per_hour.push({ hour_start: startHour + h * hour, n: 0 });
  let lastHour = 0;
  let last24 = 0;
  for (const j of judgments) {
    if (j.created_at > now - hour) lastHour++;
    if (j.created_at >= startHour) {
      last24++;
      const idx = Math.floor((j.created_at - startHour) / hour);
      if (idx >= 0 && idx < 24) per_hour[idx].n++;
    }
  }
  const allTimes = judgments.map((j) => j.time_ms).filter((t): t is number => t !== null);

  return {
    agreement: {
      alpha: { value: alpha.value, n: alpha.n_values, n_units: alpha.n_units, ci95: alphaCi, reason: alpha.reason },
      fleiss,
      cohen,
      percent,
    },
    annotators,
    disputes,
    winRates,
    throughput: { last_hour: lastHour, last_24h: last24, per_hour, median_time_ms: median(allTimes) },
  };
}

export { OUTCOMES };
