/**
 * The one place numbers, percentages, intervals and durations become text on a page.
 * Pages differ in what a missing value reads as ("—" in the report and judge tabs, "–" on the
 * human tab, "n/a" on chart axes), so that is an option, never a second copy of the formatter.
 */

export type Maybe = number | null | undefined;
export type Interval = [number, number] | null | undefined;

/** The dash shown for a missing value. */
export const DASH = "—";

const missing = (v: Maybe): v is null | undefined => v === null || v === undefined || Number.isNaN(v);

/** A share in [0, 1] as a percentage: pct(0.1234) = "12.3%"; pct(0.5, { digits: 0 }) = "50%". */
export function pct(v: Maybe, opts: { digits?: number; none?: string } = {}): string {
  const { digits = 1, none = DASH } = opts;
  if (missing(v)) return none;
  return `${digits === 0 ? Math.round(v * 100) : (v * 100).toFixed(digits)}%`;
}

/** A plain number with fixed decimals: num(0.4567) = "0.46". */
export function num(v: Maybe, digits = 2, none = DASH): string {
  return missing(v) ? none : v.toFixed(digits);
}

/** A signed number: signed(0.05, 3) = "+0.050". */
export function signed(v: Maybe, digits = 3, none = DASH): string {
  return missing(v) ? none : `${v > 0 ? "+" : ""}${v.toFixed(digits)}`;
}

/** A difference of two shares in percentage points: pts(0.052) = "+5.2 pts". */
export function pts(v: Maybe, digits = 1, none = DASH): string {
  return missing(v) ? none : `${v > 0 ? "+" : ""}${(v * 100).toFixed(digits)} pts`;
}

/** A 95% interval in brackets, each end through `f`: interval([0.1, 0.2]) = "[10.0%, 20.0%]". */
export function interval(c: Interval, f: (v: number) => string = (v) => pct(v), none = DASH): string {
  return c ? `[${f(c[0])}, ${f(c[1])}]` : none;
}

/** A 95% interval spelled out: ciText([0.1, 0.2]) = "95% CI 10.0% – 20.0%". */
export function ciText(c: Interval, f: (v: number) => string = (v) => pct(v)): string {
  return c ? `95% CI ${f(c[0])} – ${f(c[1])}` : "no interval";
}

/** Milliseconds rounded: ms(12.6) = "13 ms". */
export function ms(v: Maybe, none = DASH): string {
  return missing(v) ? none : `${Math.round(v)} ms`;
}

/** A duration given in milliseconds, in seconds below a minute, else minutes: duration(90_000) = "1.5 min". */
export function duration(msValue: Maybe, none = DASH): string {
  if (missing(msValue)) return none;
  return msValue < 60_000 ? `${(msValue / 1000).toFixed(1)} s` : `${(msValue / 60_000).toFixed(1)} min`;
}

/** An ISO timestamp to the minute, as shown next to "UTC": utcMinute("2026-01-02T03:04:05Z") = "2026-01-02 03:04". */
export function utcMinute(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}

/** A count with thousands separators: count(1234567) = "1,234,567". */
export function count(v: number): string {
  return v.toLocaleString("en-US");
}

/** A share in percentage points without a unit, for interval ends: points(0.052) = "5". */
export function points(v: number, digits = 0): string {
  return (v * 100).toFixed(digits);
}


/** A cost in US dollars; zero or missing reads as the dash: usd(0.01234) = "$0.0123". */
export function usd(v: Maybe, digits = 4): string {
  return missing(v) || v === 0 ? DASH : `$${v.toFixed(digits)}`;
}
