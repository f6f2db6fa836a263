/** How the human tab writes its figures: "–" when missing, whole percents, intervals only when known. */
import { duration, interval, num, pct as share } from "../format";

export const fmt = (v: number | null | undefined, digits = 2) => num(v, digits, "–");
export const pct = (v: number | null | undefined) => share(v, { digits: 0, none: "–" });
export const ci = (c: [number, number] | null, f: (v: number) => string = (v) => num(v)) => interval(c, f, "");
export const secs = (ms: number | null) => duration(ms, "–");
