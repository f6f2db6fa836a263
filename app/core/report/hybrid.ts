/**
 * Hybrid evidence in the report (issue 17 items 1–4): the human win rate by the classical interval
 * and by prediction-powered inference (PPI++, app/core/stats/ppi.ts) side by side with the number
 * of human judgments the judge is worth; the length-controlled win rate of the judge and of the
 * humans (app/core/stats/length-controlled.ts) beside the raw one, with "the longer output won X%
 * of decisive comparisons"; and per gate, how many items it would need to clear its threshold.
 * Pure.
 *
 * The item is a case (its candidate-vs-baseline comparison). Human score Y = mean of the case's
 * votes (win 1, tie or both bad ½, loss 0); judge score f = mean of its order-combined verdicts.
 * Labeled items: human votes and a judge verdict; unlabeled: a judge verdict and no human vote.
 */
import type { Scope } from "../../schemas/pack.ts";
import { lengthControlledFromColumns, longerWonFromColumns, type LengthColumns } from "../stats/length-controlled.ts";
import { halfWidth, nNeeded } from "../stats/n-needed.ts";
import { ppiMeanCi, stratifiedPpiMeanCi, type PpiMeanCi, type PpiStratum } from "../stats/ppi.ts";
import { strataOf, type AllocationRecord, type Strata } from "./strata.ts";
import { inScope, type Evidence } from "./case-evidence.ts";
import type { Figure, GateResult } from "./gate-evaluation.ts";
import type { CaseHuman, CaseJudge } from "./pair-counts.ts";

/** How the comparisons opened for humans were chosen (db: comparisons.drawn_from_seed). */
export interface HumanSampling {
  /** Human-judged comparisons opened by the seeded random draw. */
  drawn: number;
  /** Human-judged comparisons opened otherwise (chosen by hand, imported). */
  by_hand: number;
  /** Recorded slice-first allocations (db: queue_allocations), oldest first; absent or empty: the seeded order. */
  allocations?: AllocationRecord[];
}

export interface PpiBlock {
  classical: { win_rate: number; ci95: [number, number]; n: number };
  ppi: { win_rate: number; ci95: [number, number]; lambda: number; n_labeled: number; n_unlabeled: number };
  /** n × classical variance / PPI variance: the human judgments the judge is worth, in items. */
  effective_n: number | null;
  /**
   * Present when slice-first serving drew humans with different fractions per stratum: PPI within
   * each stratum, combined with the strata's shares (then λ is the share-weighted mean of theirs).
   */
  strata?: { label: string; weight: number; n_labeled: number; n_unlabeled: number; fraction: number; lambda: number; win_rate: number }[];
}

export interface LengthBlock {
  raw_win_rate: number | null;
  lc_win_rate: number | null;
  ci95: [number, number] | null;
  length_coef: number | null;
  ci95_method?: "bootstrap" | "cluster-robust";
  /** Share of decisive comparisons (lengths differing) won by the longer output. */
  longer_won: number | null;
  longer_won_n: number;
  n: number;
  note?: string;
}

export interface HybridSection {
  ppi: PpiBlock | null;
  /** Why there is no PPI block (refused or not enough data). */
  ppi_note: string | null;
  /**
   * Set when slice-first serving drew humans unequally across strata: each stratum's human-judged
   * share, and that humans-alone means over judged comparisons lean toward the strata served first.
   */
  sampling_note?: string;
  length: { judge: LengthBlock | null; human: LengthBlock | null };
}

export interface HybridContext {
  evidence: Evidence;
  human: Map<number, CaseHuman>;
  judge: Map<number, CaseJudge>;
  sampling: HumanSampling | null;
  seed: number;
}

function humanScore(h: CaseHuman): { score: number; votes: number } | null {
  const votes = h.wins + h.losses + h.ties + h.both_bad;
  return votes ? { score: (h.wins + (h.ties + h.both_bad) / 2) / votes, votes } : null;
}

function judgeScore(j: CaseJudge): number | null {
  const n = j.wins + j.losses + j.ties;
  return n ? (j.wins + j.ties / 2) / n : null;
}

/** Why PPI cannot be used on this evidence, or null when it can. */
export function ppiRefusal(sampling: HumanSampling | null): string | null {
  if (!sampling) return null;
  if (sampling.by_hand > 0) {
    return `PPI is refused: ${sampling.by_hand} of the human-judged comparisons were not drawn at random from the eval's seed (opened by hand or imported), so the human subset may not represent the rest.`;
  }
  return null;
}

const strataCache = new WeakMap<HumanSampling, Strata | null>();

function strataFor(sampling: HumanSampling | null): Strata | null {
  if (!sampling?.allocations?.length) return null;
  let s = strataCache.get(sampling);
  if (s === undefined) strataCache.set(sampling, (s = strataOf(sampling.allocations)));
  return s;
}

function blockOf(r: PpiMeanCi): PpiBlock {
  return {
    classical: { win_rate: r.classical.estimate, ci95: r.classical.ci95, n: r.n_labeled },
    ppi: { win_rate: r.estimate, ci95: r.ci95, lambda: r.lambda, n_labeled: r.n_labeled, n_unlabeled: r.n_unlabeled },
    effective_n: r.effective_n,
  };
}

export function ppiBlock(ctx: HybridContext, scope: Scope | "all" = "all"): { block: PpiBlock | null; note: string | null } {
  const refused = ppiRefusal(ctx.sampling);
  if (refused) return { block: null, note: refused };
  const strata = strataFor(ctx.sampling);
  const cells = new Map<string, PpiStratum>();
  for (const c of ctx.evidence.cases) {
    if (!inScope(c.case, scope)) continue;
    const j = ctx.judge.get(c.case.id);
    const f = j ? judgeScore(j) : null;
    if (f === null) continue;
    const key = strata ? strata.of(c.case.id) : "";
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { label: strata ? strata.label(key) : "all", y: [] as number[], yhat: [] as number[], yhatUnlabeled: [] as number[] }));
    const h = ctx.human.get(c.case.id);
    const hs = h ? humanScore(h) : null;
    if (hs) {
      (cell.y as number[]).push(hs.score);
      (cell.yhat as number[]).push(f);
    } else (cell.yhatUnlabeled as number[]).push(f);
  }
  const labeled = [...cells.values()].reduce((a, c) => a + c.y.length, 0);
  if (labeled < 2) return { block: null, note: labeled ? "PPI needs at least two comparisons with both human votes and a judge verdict." : "PPI needs comparisons with both human votes and a judge verdict." };
  if (cells.size > 1) {
    const list = [...cells.entries()].sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0)).map(([, c]) => c);
    const short = list.filter((c) => c.y.length < 2);
    if (short.length) {
      return {
        block: null,
        note: `PPI waits for human votes in every stratum: the queue served some slices first (recorded allocations), so the human-judged comparisons are a random subset only within each stratum, and ${short.map((c) => `"${c.label}" has ${c.y.length} of ${c.y.length + c.yhatUnlabeled.length}`).join("; ")} (two needed).`,
      };
    }
    const r = stratifiedPpiMeanCi(list);
    return {
      block: {
        ...blockOf(r),
        strata: r.strata.map((x) => ({ label: x.label, weight: x.weight, n_labeled: x.n_labeled, n_unlabeled: x.n_unlabeled, fraction: x.n_labeled / (x.n_labeled + x.n_unlabeled), lambda: x.lambda, win_rate: x.estimate })),
      },
      note: null,
    };
  }
  const only = [...cells.values()][0]!;
  const r = ppiMeanCi({ y: only.y, yhat: only.yhat, yhatUnlabeled: only.yhatUnlabeled });
  return {
    block: blockOf(r),
    note: r.lambda_note ?? null,
  };
}

/**
 * Vote rows of the comparisons with both outputs, as columns (one item per case, at most three
 * rows: wins, losses, ties-or-both-bad, each weighted count/votes); built directly because at
 * 100,000 cases vote objects and a keyed map were most of the report's time.
 */
function lengthColumnsOf(ctx: HybridContext, source: "judge" | "human", scope: Scope | "all"): LengthColumns {
  const cases = ctx.evidence.cases;
  const score = new Float64Array(cases.length * 3);
  const delta = new Float64Array(cases.length * 3);
  const weight = new Float64Array(cases.length * 3);
  const rowsPerItem: number[] = [];
  let m = 0;
  let nVotes = 0;
  for (const c of cases) {
    if (!inScope(c.case, scope)) continue;
    const a = c.candidate?.text;
    const b = c.baseline?.text;
    if (typeof a !== "string" || typeof b !== "string") continue;
    let w: number, l: number, t: number;
    if (source === "judge") {
      const j = ctx.judge.get(c.case.id);
      if (!j) continue;
      [w, l, t] = [j.wins, j.losses, j.ties];
    } else {
      const h = ctx.human.get(c.case.id);
      if (!h) continue;
      [w, l, t] = [h.wins, h.losses, h.ties + h.both_bad];
    }
    const k = w + l + t;
    if (k === 0) continue;
    const d = a.length - b.length;
    let rows = 0;
    for (const [s, count] of [[1, w], [0, l], [0.5, t]] as const) {
      if (!count) continue;
      score[m] = s;
      delta[m] = d;
      weight[m] = count / k;
      m++;
      rows++;
    }
    rowsPerItem.push(rows);
    nVotes += k;
  }
  return { score: score.subarray(0, m), delta: delta.subarray(0, m), weight: weight.subarray(0, m), rowsPerItem: Int32Array.from(rowsPerItem), nVotes };
}

/** Row fits the report's LC bootstrap may cost before it switches to the cluster-robust interval. */
export const REPORT_LC_WORK = 1_000_000;

export function lengthBlock(ctx: HybridContext, source: "judge" | "human", scope: Scope | "all" = "all", resamples = 1000): LengthBlock | null {
  const cols = lengthColumnsOf(ctx, source, scope);
  if (cols.rowsPerItem.length === 0) return null;
  // Above a million row fits (e.g. 1,000 resamples of 1,000 vote rows) the report takes the
  // cluster-robust interval instead: at 100,000 comparisons the bootstrap took minutes.
  const lc = lengthControlledFromColumns(cols, { resamples, seed: `${ctx.seed}:lc:${source}`, maxWork: REPORT_LC_WORK });
  // Raw win rate on the same items: mean of item scores (weights within an item sum to 1).
  let raw = 0;
  for (let r = 0; r < cols.score.length; r++) raw += cols.weight[r] * cols.score[r];
  const longer = longerWonFromColumns(cols);
  const out: LengthBlock = {
    raw_win_rate: raw / cols.rowsPerItem.length,
    lc_win_rate: lc.win_rate,
    ci95: lc.ci95,
    length_coef: lc.length_coef,
    ...(lc.ci95_method ? { ci95_method: lc.ci95_method } : {}),
    longer_won: longer.share,
    longer_won_n: longer.n,
    n: lc.n,
  };
  if (lc.reason) out.note = lc.reason;
  return out;
}

/** Each stratum's human-judged share of comparisons, when slice-first serving made them differ. */
export function samplingNote(ctx: HybridContext): string | null {
  const strata = strataFor(ctx.sampling);
  if (!strata) return null;
  const by = new Map<string, { n: number; judged: number }>();
  for (const c of ctx.evidence.cases) {
    // The comparisons in play: judged by humans or by the judge (as the strata table counts them).
    if (!ctx.human.has(c.case.id) && !ctx.judge.has(c.case.id)) continue;
    const key = strata.of(c.case.id);
    const s = by.get(key) ?? { n: 0, judged: 0 };
    s.n++;
    if (ctx.human.has(c.case.id)) s.judged++;
    by.set(key, s);
  }
  const shares = [...by.entries()].sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0));
  const fractions = shares.map(([, s]) => (s.n ? s.judged / s.n : 0));
  if (shares.length < 2 || fractions.every((f) => Math.abs(f - fractions[0]) < 1e-9)) return null;
  const list = shares.map(([key, s]) => `${strata.label(key)}: ${s.judged} of ${s.n} (${Math.round((100 * s.judged) / s.n)}%)`).join("; ");
  return `The queue served some slices first, so humans judged the strata unequally (${list}). Human win rates over several strata are means over the judged comparisons and lean toward the strata served first until the queue is done; the prediction-powered figure weights each stratum by its share.`;
}

export function hybridSection(ctx: HybridContext): HybridSection {
  const { block, note } = ppiBlock(ctx);
  const sampling = samplingNote(ctx);
  return { ppi: block, ppi_note: note, ...(sampling ? { sampling_note: sampling } : {}), length: { judge: lengthBlock(ctx, "judge"), human: lengthBlock(ctx, "human") } };
}

/** A gate's figure decided on the PPI interval (`estimator: ppi` on human_win_rate). */
export function ppiFigure(ctx: HybridContext, scope: Scope | "all"): Figure {
  const { block, note } = ppiBlock(ctx, scope);
  if (!block) return { value: null, n: 0, ci95: null, note: note ?? "no PPI estimate" };
  return {
    value: block.ppi.win_rate,
    n: block.ppi.n_labeled,
    ci95: block.ppi.ci95,
    method: `${block.strata ? `stratified PPI++ over ${block.strata.length} strata of slice-first serving (share-weighted λ ` : "PPI++ (λ "}= ${block.ppi.lambda.toFixed(3)}, ${block.ppi.n_labeled} human-judged + ${block.ppi.n_unlabeled} judge-only comparisons; effective n ${block.effective_n === null ? "n/a" : Math.round(block.effective_n)})`,
  };
}

/** A gate's figure for judge_win_rate_lc / human_win_rate_lc. */
export function lcFigure(ctx: HybridContext, source: "judge" | "human", scope: Scope | "all"): Figure {
  const b = lengthBlock(ctx, source, scope);
  if (!b) return { value: null, n: 0, ci95: null, note: source === "judge" ? "no pairwise judge verdicts with both outputs yet" : "no human judgments with both outputs yet" };
  return {
    value: b.lc_win_rate,
    n: b.n,
    ci95: b.ci95,
    method:
      b.ci95_method === "cluster-robust"
        ? "length-controlled win rate (logistic on tanh(Δ/sd), cluster-robust interval over comparisons)"
        : `length-controlled win rate (logistic on tanh(Δ/sd), bootstrap over comparisons, 1000 resamples, seed ${ctx.seed})`,
    note: b.note,
  };
}

/**
 * n_needed for a gate that is not conclusive or lacks data: the items at which its interval would
 * clear the threshold if the estimate held (at least min_n); "cannot clear" on the threshold.
 */
export function gateNeed(g: Pick<GateResult, "status" | "n" | "value" | "ci95" | "threshold" | "min_n">): { n_needed: number | null; cannot_clear: boolean } | null {
  if (g.status !== "not_conclusive" && g.status !== "insufficient_data") return null;
  const need = nNeeded(g.n, g.value, halfWidth(g.ci95), g.threshold);
  if (need.n_needed === null) return need;
  return { n_needed: Math.max(need.n_needed, g.min_n), cannot_clear: false };
}

/** One human vote from the candidate's side, in the order the votes arrived. */
export interface OrderedVote {
  case_id: number;
  outcome: "win" | "loss" | "tie" | "both_bad";
}

export interface NarrowingPoint {
  judgments: number;
  comparisons: number;
  classical_ci95: [number, number] | null;
  ppi_ci95: [number, number] | null;
  effective_n: number | null;
}

/**
 * How the classical and the PPI intervals of the human win rate narrow as judgments arrive: the
 * figures recomputed on the first m votes at `points` evenly spaced m (the last one all votes).
 */
export function ppiNarrowing(ctx: Omit<HybridContext, "human">, votes: readonly OrderedVote[], points = 8): NarrowingPoint[] {
  if (votes.length === 0) return [];
  const marks = new Set<number>();
  for (let i = 1; i <= points; i++) marks.add(Math.ceil((votes.length * i) / points));
  const human = new Map<number, CaseHuman>();
  const out: NarrowingPoint[] = [];
  votes.forEach((v, i) => {
    let h = human.get(v.case_id);
    if (!h) human.set(v.case_id, (h = { wins: 0, losses: 0, ties: 0, both_bad: 0, units: [] }));
    if (v.outcome === "win") h.wins++;
    else if (v.outcome === "loss") h.losses++;
    else if (v.outcome === "tie") h.ties++;
    else h.both_bad++;
    if (!marks.has(i + 1)) return;
    const { block } = ppiBlock({ ...ctx, human });
    out.push({
      judgments: i + 1,
      comparisons: human.size,
      classical_ci95: block?.classical.ci95 ?? null,
      ppi_ci95: block?.ppi.ci95 ?? null,
      effective_n: block?.effective_n ?? null,
    });
  });
  return out;
}
