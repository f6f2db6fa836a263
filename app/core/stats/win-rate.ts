/**
 * Win rate of system X over system Y from pairwise judgments (DESIGN.md "Definitions"):
 * win_rate = (wins + ties/2) / n, where "both bad" counts as a tie and is also reported on its
 * own; decisive_win_rate = wins / (wins + losses) with a Wilson 95% interval and a two-sided
 * exact sign test; a bootstrap percentile interval for win_rate.
 *
 * Judgments are iid items with three outcomes for win_rate (win, loss, tie-or-both-bad), so a
 * bootstrap resample of the n items is exactly a multinomial draw of the three counts: the same
 * distribution as picking n items with replacement, at O(1) cost per resample instead of O(n).
 */
import { multinomial } from "./binomial-sampler.ts";
import { DEFAULT_RESAMPLES, DEFAULT_SEED, percentileInterval } from "./bootstrap.ts";
import { createRng, type Seed } from "./rng.ts";
import { signTest } from "./sign-test.ts";
import { wilsonInterval } from "./wilson.ts";

/** One judgment from X's side. */
export type Outcome = "win" | "loss" | "tie" | "both_bad";

export interface OutcomeCounts {
  wins: number;
  losses: number;
  /** Plain ties, not counting both_bad. */
  ties: number;
  both_bad?: number;
}

export interface WinRateOptions {
  /** Bootstrap resamples for ci95_win_rate; 0 skips the bootstrap. */
  resamples?: number;
  seed?: Seed;
}

export interface WinRate {
  n: number;
  wins: number;
  losses: number;
  /** Ties for the win rate, both_bad included so that wins + losses + ties = n. */
  ties: number;
  /** The part of `ties` that were "both bad" judgments. */
  both_bad: number;
  win_rate: number | null;
  decisive_win_rate: number | null;
  ci95_decisive: [number, number] | null;
  p_value: number | null;
  ci95_win_rate: [number, number] | null;
  /** Why a figure is null (no judgments, or no decisive one). */
  reason?: string;
}

export function countOutcomes(outcomes: Iterable<Outcome>): Required<OutcomeCounts> {
  const counts = { wins: 0, losses: 0, ties: 0, both_bad: 0 };
  for (const o of outcomes) {
    if (o === "win") counts.wins++;
    else if (o === "loss") counts.losses++;
    else if (o === "tie") counts.ties++;
    else if (o === "both_bad") counts.both_bad++;
    else throw new RangeError(`unknown outcome ${JSON.stringify(o)}`);
  }
  return counts;
}

export function winRate(counts: OutcomeCounts, options: WinRateOptions = {}): WinRate {
  for (const [name, value] of Object.entries(counts)) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
    }
  }
  const bothBad = counts.both_bad ?? 0;
  const ties = counts.ties + bothBad;
  const { wins, losses } = counts;
  const n = wins + losses + ties;
  const decisive = wins + losses;
  const sign = signTest(wins, losses);
  const result: WinRate = {
    n,
    wins,
    losses,
    ties,
    both_bad: bothBad,
    win_rate: n === 0 ? null : (wins + ties / 2) / n,
    decisive_win_rate: decisive === 0 ? null : wins / decisive,
    ci95_decisive: wilsonInterval(wins, decisive),
    p_value: sign.p_value,
    ci95_win_rate: null,
  };
  if (n === 0) result.reason = "no judgments";
  else if (decisive === 0) result.reason = "no decisive judgment (all ties): decisive win rate and sign test are undefined";
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  if (n > 0 && resamples > 0) result.ci95_win_rate = bootstrapWinRate(counts, resamples, options.seed ?? DEFAULT_SEED);
  return result;
}

/** Percentile interval of the tie-aware win rate over `resamples` multinomial resamples of the counts. */
export function bootstrapWinRate(counts: OutcomeCounts, resamples: number, seed: Seed): [number, number] | null {
  const ties = counts.ties + (counts.both_bad ?? 0);
  const n = counts.wins + counts.losses + ties;
  if (n === 0) return null;
  const rng = createRng(seed);
  const weights = Float64Array.of(counts.wins, counts.losses, ties);
  const draw = new Float64Array(3);
  const replicates = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    multinomial(rng, n, weights, draw);
    replicates[b] = (draw[0] + draw[2] / 2) / n;
  }
  return percentileInterval(replicates, 0.95);
}

/** The same counts from Y's side: wins and losses swap. */
export function reverseCounts(counts: OutcomeCounts): OutcomeCounts {
  return { wins: counts.losses, losses: counts.wins, ties: counts.ties, both_bad: counts.both_bad };
}

export interface WinRateGroup extends WinRate {
  group: string;
}

/** Win rate per group (category, suite, tag...), groups in order of first appearance. */
export function winRateBreakdown<T>(
  records: Iterable<T>,
  outcomeOf: (record: T) => Outcome,
  groupOf: (record: T) => string | readonly string[],
  options: WinRateOptions = {},
): WinRateGroup[] {
  const groups = new Map<string, Outcome[]>();
  for (const record of records) {
    const keys = groupOf(record);
    // A record with several tags belongs to each of them.
    for (const key of typeof keys === "string" ? [keys] : keys) {
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(outcomeOf(record));
    }
  }
  return [...groups].map(([group, outcomes]) => ({ group, ...winRate(countOutcomes(outcomes), options) }));
}
