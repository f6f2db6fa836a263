/**
 * Clustered evidence: the item is the unit when it has several votes (issue 13 item 1; DESIGN.md
 * "Definitions"). One definition per statistic, used by the CLI, human tab, report, gates and API.
 *
 * An ITEM is one comparison (one case, one pair of systems) with one or more VOTES (human
 * judgments, or one order-combined judge verdict). A vote scores win 1, tie ½, both bad ½, loss
 * 0, or a fractional score in [0, 1] (AlpacaEval's weighted annotators).
 *
 *   item score           = mean of the item's vote scores
 *   item balance         = sum of (vote score − ½): > 0 the item is a WIN, < 0 a LOSS, 0 a TIE
 *   n                    = items; n_votes = votes
 *   wins, losses, ties   = items counted by their balance (so wins + losses + ties = n); with one
 *                          vote per item these are today's vote counts
 *   both_bad             = items whose every vote is "both bad" (a part of ties)
 *   win_rate             = mean of item scores (one vote per item: (wins + ties/2) / n)
 *   decisive_win_rate    = wins / (wins + losses), items by balance
 *   p_value              = exact two-sided sign test on those item wins and losses (ties dropped)
 *   ci95_win_rate        = percentile bootstrap that resamples ITEMS with all their votes (fixed
 *                          seed); because the item score carries everything the statistic needs,
 *                          resampling items is a multinomial draw over the distinct item scores
 *                          (exact, O(distinct) per resample); with one vote per item this is the
 *                          very draw `winRate` has always made, so the output is unchanged
 *   ci95_decisive        = Wilson when every item has one vote; otherwise the same item bootstrap
 *                          of wins / (wins + losses)
 *
 * Consequence (tested): duplicating every vote of every item k times changes nothing but n_votes.
 *
 * API
 *   tallyVotes(rows, itemOf, voteOf, countOf?) → ItemTally[]   group rows into items
 *   ItemTallies                                                 the same, incrementally (.add/.items())
 *   clusteredWinRate(items, { resamples, seed }) → ClusteredWinRate   (a WinRate plus n_votes, methods)
 *   itemScore(t), itemBalance(t), voteScore(v)
 *   clusteredProportion(items: {successes, trials}[], opts)   mean of per-item proportions with a
 *       cluster interval (Wilson when every item has one trial): agreement per item, judge-human
 *       agreement per item, pass rates over repeated runs
 *   clusterBootstrap(clusters, statistic, opts)                any statistic of the flattened rows,
 *       resampling whole clusters (e.g. kappa over votes grouped by comparison)
 *   groupClusters(rows, keyOf)                                  rows → clusters, first-seen order
 */
import { multinomial } from "./binomial-sampler.ts";
import { DEFAULT_RESAMPLES, DEFAULT_SEED, percentileInterval, type BootstrapInterval, type BootstrapOptions } from "./bootstrap.ts";
import { createRng, type Seed } from "./rng.ts";
import { signTest } from "./sign-test.ts";
import { wilsonInterval } from "./wilson.ts";
import type { Outcome, WinRate, WinRateOptions } from "./win-rate.ts";

/** A vote: an outcome from X's side, or a fractional score for X in [0, 1]. */
export type Vote = Outcome | number;

export interface ItemTally {
  item: string;
  /** Number of votes (a row's `count` included). */
  votes: number;
  /** Sum of the votes' scores. */
  score_sum: number;
  /** Votes that were "both bad". */
  both_bad: number;
}

export function voteScore(vote: Vote): number {
  if (typeof vote === "number") {
    if (!(vote >= 0 && vote <= 1)) throw new RangeError(`a vote score must be in [0, 1], got ${vote}`);
    return vote;
  }
  if (vote === "win") return 1;
  if (vote === "loss") return 0;
  if (vote === "tie" || vote === "both_bad") return 0.5;
  throw new RangeError(`unknown outcome ${JSON.stringify(vote)}`);
}

export function itemScore(t: ItemTally): number {
  return t.score_sum / t.votes;
}

/** Which side the item's votes favour on balance. */
export function itemBalance(t: ItemTally): "win" | "loss" | "tie" {
  const balance = t.score_sum - t.votes / 2;
  return balance > 0 ? "win" : balance < 0 ? "loss" : "tie";
}

/** Accumulates votes into items, in order of first appearance. */
export class ItemTallies {
  private readonly byItem = new Map<string, ItemTally>();

  add(item: string, vote: Vote, count = 1): void {
    if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`a vote count must be a positive integer, got ${count}`);
    const score = voteScore(vote);
    let t = this.byItem.get(item);
    if (!t) this.byItem.set(item, (t = { item, votes: 0, score_sum: 0, both_bad: 0 }));
    t.votes += count;
    t.score_sum += score * count;
    if (vote === "both_bad") t.both_bad += count;
  }

  items(): ItemTally[] {
    return [...this.byItem.values()];
  }
}

export function tallyVotes<T>(
  rows: Iterable<T>,
  itemOf: (row: T) => string,
  voteOf: (row: T) => Vote,
  countOf: (row: T) => number = () => 1,
): ItemTally[] {
  const tallies = new ItemTallies();
  for (const row of rows) tallies.add(itemOf(row), voteOf(row), countOf(row));
  return tallies.items();
}

export interface ClusteredWinRate extends WinRate {
  n_votes: number;
  /** True when every item has exactly one vote (then Wilson and today's definitions apply verbatim). */
  single_vote: boolean;
  ci95_decisive_method: "wilson" | "cluster_bootstrap";
  ci95_win_rate_method: "cluster_bootstrap";
}

export function clusteredWinRate(items: readonly ItemTally[], options: WinRateOptions = {}): ClusteredWinRate {
  let wins = 0;
  let losses = 0;
  let ties = 0;
  let bothBad = 0;
  let nVotes = 0;
  let scoreSum = 0;
  let singleVote = true;
  // Distinct item scores and how many items have each: all the item bootstrap needs.
  const cells = new Map<number, number>();
  for (const t of items) {
    if (!(t.votes >= 1)) throw new RangeError(`item ${t.item} has no votes`);
    const balance = itemBalance(t);
    if (balance === "win") wins++;
    else if (balance === "loss") losses++;
    else {
      ties++;
      if (t.both_bad === t.votes) bothBad++;
    }
    if (t.votes !== 1) singleVote = false;
    nVotes += t.votes;
    const s = itemScore(t);
    scoreSum += s;
    cells.set(s, (cells.get(s) ?? 0) + 1);
  }
  const n = items.length;
  const decisive = wins + losses;
  const sign = signTest(wins, losses);
  const result: ClusteredWinRate = {
    n,
    n_votes: nVotes,
    wins,
    losses,
    ties,
    both_bad: bothBad,
    // One vote per item: (wins + ties/2)/n computed as the old code did, so the digits match.
    win_rate: n === 0 ? null : singleVoteOutcomes(cells) ? (wins + ties / 2) / n : scoreSum / n,
    decisive_win_rate: decisive === 0 ? null : wins / decisive,
    ci95_decisive: singleVote ? wilsonInterval(wins, decisive) : null,
    p_value: sign.p_value,
    ci95_win_rate: null,
    single_vote: singleVote,
    ci95_decisive_method: singleVote ? "wilson" : "cluster_bootstrap",
    ci95_win_rate_method: "cluster_bootstrap",
  };
  if (n === 0) result.reason = "no judgments";
  else if (decisive === 0) result.reason = "no decisive judgment (all ties): decisive win rate and sign test are undefined";
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  if (n > 0 && resamples > 0) {
    const boot = bootstrapItemScores(cells, n, resamples, options.seed ?? DEFAULT_SEED, !singleVote && decisive > 0);
    result.ci95_win_rate = boot.winRate;
    if (!singleVote) result.ci95_decisive = boot.decisive;
  }
  return result;
}

/** Every item score is 1, 0 or ½ (so the counts formula is exact). */
function singleVoteOutcomes(cells: Map<number, number>): boolean {
  for (const s of cells.keys()) if (s !== 1 && s !== 0 && s !== 0.5) return false;
  return true;
}

/**
 * Cells in the order win (1), loss (0), tie (½), then other scores ascending: with one vote per
 * item the multinomial chain is the one `bootstrapWinRate` draws, so the interval is identical.
 */
function orderedCells(cells: Map<number, number>): { scores: Float64Array; weights: Float64Array } {
  const head = [1, 0, 0.5];
  const rest = [...cells.keys()].filter((s) => !head.includes(s)).sort((a, b) => a - b);
  const scores = Float64Array.from([...head, ...rest]);
  const weights = Float64Array.from(scores, (s) => cells.get(s) ?? 0);
  return { scores, weights };
}

function bootstrapItemScores(
  cells: Map<number, number>,
  n: number,
  resamples: number,
  seed: Seed,
  withDecisive: boolean,
): { winRate: [number, number] | null; decisive: [number, number] | null } {
  const { scores, weights } = orderedCells(cells);
  const rng = createRng(seed);
  const draw = new Float64Array(scores.length);
  const rate = new Float64Array(resamples);
  const decisive = withDecisive ? new Float64Array(resamples) : null;
  const onlyOutcomes = singleVoteOutcomes(cells);
  for (let b = 0; b < resamples; b++) {
    multinomial(rng, n, weights, draw);
    if (onlyOutcomes) {
      // Same arithmetic as bootstrapWinRate, so single-vote intervals match to the last digit.
      rate[b] = (draw[0] + draw[2] / 2) / n;
    } else {
      let sum = 0;
      for (let i = 0; i < scores.length; i++) sum += draw[i] * scores[i];
      rate[b] = sum / n;
    }
    if (decisive) {
      let w = 0;
      let l = 0;
      for (let i = 0; i < scores.length; i++) {
        if (scores[i] > 0.5) w += draw[i];
        else if (scores[i] < 0.5) l += draw[i];
      }
      decisive[b] = w + l === 0 ? Number.NaN : w / (w + l);
    }
  }
  return { winRate: percentileInterval(rate, 0.95), decisive: decisive ? percentileInterval(decisive, 0.95) : null };
}

// ---------------------------------------------------------------------------------------------
// Cluster-aware helpers for other clustered figures.

export interface ClusteredProportion {
  /** Mean over items of successes / trials (each item weighs the same), null with no items. */
  value: number | null;
  /** Items (clusters). */
  n: number;
  /** Trials over all items. */
  n_trials: number;
  ci95: [number, number] | null;
  ci95_method: "wilson" | "cluster_bootstrap";
}

/**
 * A proportion measured on items that each hold one or more trials: per-item agreement, the
 * judge's agreement with each human vote of a comparison, an assertion's pass rate over repeated
 * runs of a case. The item is the unit: value = mean of item proportions, n = items; the interval
 * is Wilson when every item has one trial, otherwise a bootstrap resampling items (multinomial
 * over distinct item proportions, as in clusteredWinRate).
 */
export function clusteredProportion(
  items: readonly { successes: number; trials: number }[],
  options: WinRateOptions = {},
): ClusteredProportion {
  const cells = new Map<number, number>();
  let nTrials = 0;
  let sum = 0;
  let single = true;
  let successes = 0;
  for (const it of items) {
    if (!(it.trials >= 1) || !(it.successes >= 0 && it.successes <= it.trials)) {
      throw new RangeError(`an item needs 0 <= successes <= trials and trials >= 1, got ${it.successes}/${it.trials}`);
    }
    if (it.trials !== 1) single = false;
    nTrials += it.trials;
    successes += it.successes;
    const p = it.successes / it.trials;
    sum += p;
    cells.set(p, (cells.get(p) ?? 0) + 1);
  }
  const n = items.length;
  const out: ClusteredProportion = {
    value: n === 0 ? null : sum / n,
    n,
    n_trials: nTrials,
    ci95: null,
    ci95_method: single ? "wilson" : "cluster_bootstrap",
  };
  if (n === 0) return out;
  if (single && Number.isInteger(successes)) {
    out.ci95 = wilsonInterval(successes, n);
    return out;
  }
  out.ci95_method = "cluster_bootstrap";
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  if (resamples <= 0) return out;
  const scores = Float64Array.from([...cells.keys()].sort((a, b) => a - b));
  const weights = Float64Array.from(scores, (s) => cells.get(s)!);
  const rng = createRng(options.seed ?? DEFAULT_SEED);
  const draw = new Float64Array(scores.length);
  const reps = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    multinomial(rng, n, weights, draw);
    let s = 0;
    for (let i = 0; i < scores.length; i++) s += draw[i] * scores[i];
    reps[b] = s / n;
  }
  out.ci95 = percentileInterval(reps, 0.95);
  return out;
}

/** Rows grouped into clusters by key, clusters in order of first appearance. */
export function groupClusters<T>(rows: Iterable<T>, keyOf: (row: T) => string): T[][] {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = keyOf(row);
    let list = map.get(k);
    if (!list) map.set(k, (list = []));
    list.push(row);
  }
  return [...map.values()];
}

/**
 * Percentile bootstrap of any statistic of rows that come in clusters: each resample draws
 * clusters with replacement and hands the statistic all their rows (a drawn cluster's rows appear
 * as often as it was drawn). Use it when the statistic is not a mean of per-cluster values, e.g.
 * Cohen's kappa or Krippendorff's alpha over votes grouped by comparison.
 */
export function clusterBootstrap<T>(
  clusters: readonly (readonly T[])[],
  statistic: (rows: T[]) => number | null,
  options: BootstrapOptions = {},
): BootstrapInterval {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? 0.95;
  const rng = createRng(options.seed ?? DEFAULT_SEED);
  const n = clusters.length;
  const reps = new Float64Array(resamples);
  let undefinedCount = 0;
  const rows: T[] = [];
  for (let b = 0; b < resamples; b++) {
    rows.length = 0;
    for (let i = 0; i < n; i++) for (const r of clusters[rng.int(n)]) rows.push(r);
    const v = n === 0 ? null : statistic(rows);
    if (v === null || Number.isNaN(v)) {
      reps[b] = Number.NaN;
      undefinedCount++;
    } else reps[b] = v;
  }
  return { interval: percentileInterval(reps, level), resamples, undefined_resamples: undefinedCount };
}
