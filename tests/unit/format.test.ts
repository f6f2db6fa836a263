import { describe, expect, it } from "vitest";
import { ciText, count, duration, interval, ms, num, pct, points, pts, signed, usd, utcMinute } from "../../app/components/format";

// Expected strings are written out by hand from the definitions in the module header.
describe("format", () => {
  it("percentages", () => {
    expect(pct(0.1234)).toBe("12.3%");
    expect(pct(0.125, { digits: 0 })).toBe("13%");
    expect(pct(null)).toBe("—");
    expect(pct(Number.NaN)).toBe("—");
    expect(pct(undefined, { none: "–" })).toBe("–");
  });
  it("numbers, signs and points", () => {
    expect(num(0.4567)).toBe("0.46");
    expect(num(0.4567, 3)).toBe("0.457");
    expect(signed(0.05, 3)).toBe("+0.050");
    expect(signed(-0.05, 3)).toBe("-0.050");
    expect(signed(0, 3)).toBe("0.000");
    expect(pts(0.052)).toBe("+5.2 pts");
    expect(pts(-0.1)).toBe("-10.0 pts");
    expect(points(0.052)).toBe("5");
  });
  it("intervals", () => {
    expect(interval([0.1, 0.2])).toBe("[10.0%, 20.0%]");
    expect(interval([0.1, 0.2], (v) => num(v))).toBe("[0.10, 0.20]");
    expect(interval(null)).toBe("—");
    expect(interval(null, undefined, "")).toBe("");
    expect(ciText([0.1, 0.2])).toBe("95% CI 10.0% – 20.0%");
    expect(ciText(undefined)).toBe("no interval");
  });
  it("durations, money, counts and times", () => {
    expect(ms(12.6)).toBe("13 ms");
    expect(duration(1500)).toBe("1.5 s");
    expect(duration(90_000)).toBe("1.5 min");
    expect(duration(null, "–")).toBe("–");
    expect(usd(0.01234)).toBe("$0.0123");
    expect(usd(0)).toBe("—");
    expect(count(1234567)).toBe("1,234,567");
    expect(utcMinute("2026-01-02T03:04:05.000Z")).toBe("2026-01-02 03:04");
  });
});
