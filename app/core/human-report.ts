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
import { winRate, type Outcome } from "./stats/win-rate.ts";
import type { Label, Rating } from "./stats/labels.ts";

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
  disputes: { comparison_id: number; counts: Partial<Record<PairOutcome, number>>; adjudicated: PairOutcome | null }[];
  winRates: {
    pair: string;
    rows: { category: string; n: number; wins: number; losses: number; ties: number; both_bad: number; win_rate: number | null; ci95: [number, number] | null; decisive_win_rate: number | null; ci95_decisive: [number, number] | null; p_value: number | null }[];
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

function toOutcome(o: PairOutcome): Outcome {
  return o === "a" ? "win" : o === "b" ? "loss" : o;
}

export function computeHumanReport(
  judgments: readonly JudgmentRecord[],
  comparisons: readonly ComparisonRecord[],
  options: { seed: number; now: number },
): HumanReport {
  const byComparison = new Map<number, JudgmentRecord[]>();
  for (const j of judgments) {
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

  // Krippendorff's alpha over everything (missing data allowed), bootstrap over comparisons.
  const alpha = krippendorffAlpha(rows, "nominal");
  const alphaCi = alpha.value === null ? null : bootstrapItems(rows, (s) => krippendorffAlpha(s, "nominal").value, { seed, resamples: resamplesFor(rows.length) }).interval;

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
    disputes.push({ comparison_id: cid, counts, adjudicated: cmpById.get(cid)?.adjudicated ?? null });
  }

  // Win rates of system_a over system_b per pair and category; the interval resamples comparisons
  // (the k judgments of one comparison are not independent).
  const pairs = [...new Set(comparisons.map((c) => c.pair))];
  const winRates = pairs.map((pair) => {
    const cmpIds = judgedIds.filter((cid) => cmpById.get(cid)?.pair === pair);
    const categories = ["all", ...[...new Set(cmpIds.map((cid) => cmpById.get(cid)!.category))].sort()];
    const rowsOut = categories.map((category) => {
      const ids = category === "all" ? cmpIds : cmpIds.filter((cid) => cmpById.get(cid)!.category === category);
      const groups = ids.map((cid) => byComparison.get(cid)!.map((j) => j.outcome));
      const counts = { wins: 0, losses: 0, ties: 0, both_bad: 0 };
      for (const g of groups) for (const o of g) {
        if (o === "a") counts.wins++;
        else if (o === "b") counts.losses++;
        else if (o === "tie") counts.ties++;
        else counts.both_bad++;
      }
      const wr = winRate(counts, { resamples: 0 });
      const rate = (sample: PairOutcome[][]) => {
        let n = 0;
        let s = 0;
        for (const g of sample) for (const o of g) {
          n++;
          s += o === "a" ? 1 : o === "b" ? 0 : 0.5;
        }
        return n ? s / n : null;
      };
      const ci95 = groups.length ? bootstrapItems(groups, rate, { seed, resamples: resamplesFor(groups.length) }).interval : null;
      return {
        category,
        n: wr.n,
        wins: wr.wins,
        losses: wr.losses,
        ties: wr.ties - wr.both_bad,
        both_bad: wr.both_bad,
        win_rate: wr.win_rate,
        ci95,
        decisive_win_rate: wr.decisive_win_rate,
        ci95_decisive: wr.ci95_decisive,
        p_value: wr.p_value,
      };
    });
    return { pair, rows: rowsOut };
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
