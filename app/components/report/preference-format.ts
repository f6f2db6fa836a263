/**
 * How a pairwise preference reads, on the report and on the human tab alike, so the same figure shows
 * the same digits on both (issue 13): win rates and intervals as percentages with one decimal, n as
 * comparisons and the judgments behind them.
 */
import { interval, pct } from "../format";

export const winRateText = (v: number | null | undefined) => pct(v);
export const winRateInterval = (c: [number, number] | null | undefined) => interval(c ?? null, (v) => pct(v));

/** "n = 45 comparisons, 105 judgments". */
export function nText(n: number, votes: number, unit = "judgments"): string {
  return `n = ${n} comparison${n === 1 ? "" : "s"}, ${votes} ${votes === 1 ? unit.replace(/s$/, "") : unit}`;
}

/** "24 identical pairs, counted as ties" or null. */
export function identicalText(n: number): string | null {
  return n > 0 ? `${n} identical pair${n === 1 ? "" : "s"}, counted as ties` : null;
}

/** The sign test's p-value with three significant digits. */
export const pText = (p: number | null | undefined) => (p === null || p === undefined ? "—" : p.toPrecision(3));
