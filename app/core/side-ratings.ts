/**
 * Criteria ratings per side on the lead's human tab (issue 15 item 3): annotators rate each output,
 * and the lead sees, per pair of systems and criterion, each system's mean rating and the mean
 * difference with its 95% interval. The comparison is the unit (as for win rates): a comparison's
 * difference is the mean over its votes that rated both outputs, and the interval is normal over
 * comparisons (sample standard deviation), shown from two comparisons on. Pure.
 */
import { Z95 } from "./stats/wilson.ts";

export interface SideRatingVote {
  comparison_id: number;
  /** "first vs second", the pair's systems in the comparison's order (a, b). */
  pair: string;
  /** Ratings of system a's output and of system b's, by criterion. */
  a: Record<string, number>;
  b: Record<string, number>;
}

export interface SideRatingRow {
  criterion: string;
  mean_a: number | null;
  mean_b: number | null;
  /** Votes that rated a, b. */
  n_a: number;
  n_b: number;
  /** Comparisons with at least one vote rating both outputs. */
  n_items: number;
  mean_diff: number | null;
  ci95: [number, number] | null;
}

export interface SideRatingPair {
  pair: string;
  rows: SideRatingRow[];
}

export function sideRatingSummary(votes: readonly SideRatingVote[], criteria: readonly string[]): SideRatingPair[] {
  const byPair = new Map<string, SideRatingVote[]>();
  for (const v of votes) {
    const list = byPair.get(v.pair) ?? [];
    list.push(v);
    byPair.set(v.pair, list);
  }
  const out: SideRatingPair[] = [];
  for (const [pair, list] of byPair) {
    const names = [...new Set([...criteria, ...list.flatMap((v) => [...Object.keys(v.a), ...Object.keys(v.b)])])];
    const rows: SideRatingRow[] = [];
    for (const c of names) {
      let sa = 0, na = 0, sb = 0, nb = 0;
      const diffs = new Map<number, { sum: number; n: number }>();
      for (const v of list) {
        const x = v.a[c];
        const y = v.b[c];
        if (typeof x === "number") (sa += x), na++;
        if (typeof y === "number") (sb += y), nb++;
        if (typeof x === "number" && typeof y === "number") {
          const d = diffs.get(v.comparison_id) ?? { sum: 0, n: 0 };
          d.sum += x - y;
          d.n++;
          diffs.set(v.comparison_id, d);
        }
      }
      if (!na && !nb) continue;
      const items = [...diffs.values()].map((d) => d.sum / d.n);
      const m = items.length ? items.reduce((s, x) => s + x, 0) / items.length : null;
      let ci: [number, number] | null = null;
      if (m !== null && items.length >= 2) {
        const sd = Math.sqrt(items.reduce((s, x) => s + (x - m) ** 2, 0) / (items.length - 1));
        const half = (Z95 * sd) / Math.sqrt(items.length);
        ci = [m - half, m + half];
      }
      rows.push({ criterion: c, mean_a: na ? sa / na : null, mean_b: nb ? sb / nb : null, n_a: na, n_b: nb, n_items: items.length, mean_diff: m, ci95: ci });
    }
    if (rows.length) out.push({ pair, rows });
  }
  return out;
}
