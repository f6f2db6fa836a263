/**
 * Pairwise preference of one system over another, the one computation behind the report's human and
 * judge sections, the pairwise gates and the lead's human tab (issue 13 items 1 and 6), so the same
 * evidence gives the same digits everywhere. Pure.
 *
 * An item is one comparison (a case and a pair of systems) with its votes; its score is the mean of
 * its votes, the win rate the mean of item scores, n counts items and the interval resamples items
 * with all their votes (app/core/stats/clustered.ts). An identical pair (both outputs byte-identical
 * after trimming) is an item that scores a tie and that nobody was asked about: its votes, if any
 * were cast before it was recognised, are not counted. With `identical: "exclude"` it is left out.
 */
import { clusteredWinRate, type ClusteredWinRate, type ItemTally } from "../stats/clustered.ts";
import type { Seed } from "../stats/rng.ts";

export interface PreferenceItem {
  /** Identifies the item (a case or comparison id). */
  key: string;
  category: string;
  /** Votes from the first system's side. */
  wins: number;
  losses: number;
  ties: number;
  both_bad: number;
  identical: boolean;
}

export type IdenticalPolicy = "tie" | "exclude";

export interface Preference extends ClusteredWinRate {
  /** Items that are identical pairs, counted as ties (0 when excluded). */
  n_identical: number;
  /** Identical pairs left out (policy exclude). */
  n_identical_excluded: number;
}

/** The item's tally, or null when it has no vote (and is not an identical pair). */
export function itemTally(it: PreferenceItem): ItemTally | null {
  // One tie "vote" stands for the identical pair's certain answer; n_votes is corrected below.
  if (it.identical) return { item: it.key, votes: 1, score_sum: 0.5, both_bad: 0 };
  const votes = it.wins + it.losses + it.ties + it.both_bad;
  if (votes === 0) return null;
  return { item: it.key, votes, score_sum: it.wins + (it.ties + it.both_bad) / 2, both_bad: it.both_bad };
}

/** Seed of a preference figure: one per source and category, shared by the section, its gates and the human tab. */
export function preferenceSeed(seed: number, source: "human" | "judge", category?: string): string {
  return category === undefined ? `${seed}:${source}` : `${seed}:${source}:${category}`;
}

export function preference(items: readonly PreferenceItem[], options: { seed: Seed; identical?: IdenticalPolicy; resamples?: number }): Preference {
  const policy = options.identical ?? "tie";
  const tallies: ItemTally[] = [];
  let identical = 0;
  let excluded = 0;
  for (const it of items) {
    if (it.identical && policy === "exclude") {
      excluded++;
      continue;
    }
    const t = itemTally(it);
    if (!t) continue;
    if (it.identical) identical++;
    tallies.push(t);
  }
  const w = clusteredWinRate(tallies, { seed: options.seed, resamples: options.resamples });
  return { ...w, n_votes: w.n_votes - identical, n_identical: identical, n_identical_excluded: excluded };
}

export interface PreferenceRow extends Preference {
  group: string;
}

/** Overall and per category (sorted), each with its own seed from preferenceSeed. */
export function preferenceByCategory(
  items: readonly PreferenceItem[],
  options: { seed: number; source: "human" | "judge"; identical?: IdenticalPolicy },
): { overall: Preference; by_category: PreferenceRow[] } {
  const overall = preference(items, { seed: preferenceSeed(options.seed, options.source), identical: options.identical });
  const groups = new Map<string, PreferenceItem[]>();
  for (const it of items) {
    const g = groups.get(it.category) ?? [];
    g.push(it);
    groups.set(it.category, g);
  }
  const by_category = [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, xs]) => ({ group, ...preference(xs, { seed: preferenceSeed(options.seed, options.source, group), identical: options.identical }) }))
    .filter((r) => r.n > 0 || r.n_identical_excluded > 0);
  return { overall, by_category };
}
