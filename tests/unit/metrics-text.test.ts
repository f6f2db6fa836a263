import { describe, expect, it } from "vitest";
import { exactMatch } from "../../app/core/metrics/exact-match.ts";
import { normalizeAnswer, tokenF1, tokenPrf } from "../../app/core/metrics/token-f1.ts";
import { rougeL, rougeN, rougeTokenize } from "../../app/core/metrics/rouge.ts";

describe("exact match", () => {
  it("compares after trimming only", () => {
    expect(exactMatch("  Paris \n", "Paris")).toBe(1);
    expect(exactMatch("paris", "Paris")).toBe(0);
    expect(exactMatch("Paris.", "Paris")).toBe(0);
  });
});

describe("token F1 (SQuAD normalisation)", () => {
  it("normalises case, punctuation, articles and whitespace", () => {
    expect(normalizeAnswer("The  Eiffel-Tower, in Paris!")).toBe("eiffeltower in paris");
    expect(normalizeAnswer("an apple a day")).toBe("apple day");
    expect(normalizeAnswer("theater")).toBe("theater");
  });
  it("hand-computed overlap", () => {
    // "eiffel tower" vs "eiffel tower in paris": common 2, P = 1, R = 1/2, F = 2/3
    const r = tokenPrf("The Eiffel Tower", "Eiffel tower in Paris");
    expect(r.precision).toBe(1);
    expect(r.recall).toBe(0.5);
    expect(r.f1).toBeCloseTo(2 / 3, 12);
    expect(tokenF1("Hello, World!", "hello world")).toBe(1);
    expect(tokenF1("blue", "red")).toBe(0);
  });
  it("counts repeated tokens as a multiset", () => {
    // pred "a b b" → [b, b] after article removal? no: 'a' is an article, so pred = [b, b]; ref = [b]
    // common = 1, P = 1/2, R = 1, F = 2/3
    expect(tokenF1("a b b", "b")).toBeCloseTo(2 / 3, 12);
  });
  it("empty after normalisation: 1 only when both are empty (SQuAD v2)", () => {
    expect(tokenF1("the", "a")).toBe(1);
    expect(tokenF1("the", "paris")).toBe(0);
  });
});

describe("ROUGE (rouge-score conventions)", () => {
  it("tokenises like rouge-score", () => {
    expect(rougeTokenize("This is a test sentence.")).toEqual(["this", "is", "a", "test", "sentence"]);
    expect(rougeTokenize("the friends had a meeting", { stem: true })).toEqual(["the", "friend", "had", "a", "meet"]);
    expect(rougeTokenize("Hello,world—ÉTÉ 42x")).toEqual(["hello", "world", "t", "42x"]);
    // tokens of 3 characters or fewer are not stemmed ('was' would stem to 'wa')
    expect(rougeTokenize("was flies", { stem: true })).toEqual(["was", "fli"]);
  });
  // rouge_scorer_test.py: score(target="testing one two", prediction=...)
  it("testRouge1", () => {
    const s = rougeN("testing", "testing one two", 1);
    expect(s.precision).toBeCloseTo(1, 12);
    expect(s.recall).toBeCloseTo(1 / 3, 12);
    expect(s.fmeasure).toBeCloseTo(1 / 2, 12);
  });
  it("testRouge2", () => {
    const s = rougeN("testing one", "testing one two", 2);
    expect(s.precision).toBeCloseTo(1, 12);
    expect(s.recall).toBeCloseTo(1 / 2, 12);
    expect(s.fmeasure).toBeCloseTo(2 / 3, 12);
  });
  it("testRougeLConsecutive and testRougeLNonConsecutive", () => {
    for (const pred of ["testing one", "testing two"]) {
      const s = rougeL(pred, "testing one two");
      expect(s.precision).toBeCloseTo(1, 12);
      expect(s.recall).toBeCloseTo(2 / 3, 12);
      expect(s.fmeasure).toBeCloseTo(4 / 5, 12);
    }
  });
  it("testRougeEmpty", () => {
    for (const s of [rougeN("", "testing one two", 1), rougeN("", "testing one two", 2), rougeL("", "testing one two")]) {
      expect(s).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
    }
  });
  it("stemming changes the match", () => {
    expect(rougeN("test", "testing one two", 1).fmeasure).toBe(0);
    expect(rougeN("test", "testing one two", 1, { stem: true }).fmeasure).toBeCloseTo(1 / 2, 12);
  });
  it("hand-computed ROUGE-L with a gap and clipped ROUGE-1", () => {
    // pred: the cat was found under the bed (7); ref: the cat was under the bed (6); LCS = 6
    const l = rougeL("the cat was found under the bed", "the cat was under the bed");
    expect(l.precision).toBeCloseTo(6 / 7, 12);
    expect(l.recall).toBe(1);
    // pred "the the the" vs ref "the cat": clipped overlap 1 → P 1/3, R 1/2, F 0.4
    const r1 = rougeN("the the the", "the cat", 1);
    expect(r1.fmeasure).toBeCloseTo(0.4, 12);
  });
});
