import { describe, expect, it } from "vitest";
import { CorpusBleu, computeBleu, corpusBleu, sentenceBleu } from "../../app/core/metrics/bleu.ts";
import { tokenize13aString } from "../../app/core/metrics/tokenizer-13a.ts";
import { corpusChrf, sentenceChrf } from "../../app/core/metrics/chrf.ts";

const EPS = 1e-9;

describe("13a tokenisation", () => {
  it.each([
    ["Hello, world!", "Hello , world !"],
    ["It costs $3.50, ok.", "It costs $ 3.50 , ok ."],
    ["1990-2000 was well-known", "1990 - 2000 was well-known"],
    ["don't stop", "don't stop"],
    ["&quot;hi&quot; &amp; bye", '" hi " & bye'],
    ["a(b)c/d", "a ( b ) c / d"],
    ["3,000 and 4.5.", "3,000 and 4.5 ."],
  ])("%s", (input, expected) => {
    expect(tokenize13aString(input)).toBe(expected);
  });
});

describe("BLEU: sacrebleu's published values", () => {
  // sacrebleu README: corpus_score(hyps, refs) with two reference streams →
  // BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)
  it("README example, two references", () => {
    const refs = [
      ["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
      ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
    ];
    const hyps = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];
    const r = corpusBleu(hyps, hyps.map((_, i) => refs.map((s) => s[i])));
    expect(r.score.toFixed(2)).toBe("48.53");
    expect(r.precisions.map((p) => p.toFixed(1))).toEqual(["82.4", "50.0", "45.5", "37.5"]);
    expect(r.bp.toFixed(3)).toBe("0.943");
    expect([r.sysLen, r.refLen]).toEqual([17, 18]);
  });
  // test_bleu.py, raw_corpus_bleu = floor smoothing 0.01, no tokenisation, effective order
  const raw = { smooth: "floor", smoothValue: 0.01, tokenize: "none", effectiveOrder: true } as const;
  it.each([
    [["this is a test", "another test"], ["ref1", "ref2"], 0.0],
    [["this is a test"], ["this is a test"], 1.0],
    [["this is a fest"], ["this is a test"], 0.223606797749979],
  ])("test_raw_bleu %j", (hyps, refs, expected) => {
    expect(Math.abs(corpusBleu(hyps, refs, raw).score / 100 - expected)).toBeLessThan(EPS);
  });
  it.each([
    [["test"], ["a test"], 0.3678794411714425],
    [["a test"], ["a test"], 1.0],
    [["a little test"], ["a test"], 0.03218297948685433],
  ])("test_effective_order %j", (hyps, refs, expected) => {
    expect(Math.abs(corpusBleu(hyps, refs, raw).score / 100 - expected)).toBeLessThan(EPS);
  });
  it("test_offset: floor 0.1 gives 0.1555722182, floor 0 gives 0", () => {
    const hyp = ["am I am a character sequence"];
    const ref = ["I am a symbol string sequence a a"];
    expect(Math.abs(corpusBleu(hyp, ref, { ...raw, smoothValue: 0.1 }).score / 100 - 0.1555722182)).toBeLessThan(1e-9);
    expect(corpusBleu(hyp, ref, { ...raw, smoothValue: 0 }).score).toBe(0);
  });
});

describe("BLEU: sacrebleu defaults, hand-computed", () => {
  it("identical sentence scores 100", () => {
    expect(sentenceBleu("The cat is on the mat.", "The cat is on the mat.").score).toBeCloseTo(100, 10);
  });
  it("exp smoothing: one missing order gets 100 / (2·total)", () => {
    // 1-grams 3/4, 2-grams 2/3, 3-grams 1/2, 4-grams 0/1 → 100/(2·1) = 50
    const expected = Math.pow(75 * (200 / 3) * 50 * 50, 1 / 4);
    expect(corpusBleu(["this is a fest"], ["this is a test"]).score).toBeCloseTo(expected, 10);
  });
  it("exp smoothing doubles for each further missing order", () => {
    // a b c d e vs a b x d e: 4/5, 2/4, 0/3 → 100/(2·3), 0/2 → 100/(4·2)
    const expected = Math.pow(80 * 50 * (100 / 6) * 12.5, 1 / 4);
    expect(corpusBleu(["a b c d e"], ["a b x d e"]).score).toBeCloseTo(expected, 10);
  });
  it("sentence BLEU uses effective order; corpus BLEU does not", () => {
    // "the cat" vs "the cat sat": 2/2, 1/1, no 3-grams → effective order 2, BP = exp(1 - 3/2)
    expect(sentenceBleu("the cat", "the cat sat").score).toBeCloseTo(100 * Math.exp(-0.5), 10);
    expect(corpusBleu(["the cat"], ["the cat sat"]).score).toBeCloseTo(0, 10);
  });
  it("corpus BLEU sums statistics before scoring (not a mean of sentences)", () => {
    // pair 1: 5/6, 3/5, 2/4, 1/3; pair 2: 1/2, 0/1, 0/0, 0/0 → 6/8, 3/6, 2/4, 1/3; BP 1 → 50
    const acc = new CorpusBleu();
    acc.add("the cat sat on the mat", "the cat sat on a mat");
    acc.add("hello world", "hello duck");
    expect(acc.result()).toBeCloseTo(50, 10);
    expect(acc.detail().counts).toEqual([6, 3, 2, 1]);
    expect(acc.detail().totals).toEqual([8, 6, 4, 3]);
  });
  it("no match at all scores 0, and the brevity penalty applies", () => {
    expect(corpusBleu(["x y z"], ["a b c"]).score).toBe(0);
    const r = computeBleu({ sysLen: 5, refLen: 10, correct: [5, 4, 3, 2], total: [5, 4, 3, 2] });
    expect(r.bp).toBeCloseTo(Math.exp(-1), 12);
    expect(r.score).toBeCloseTo(100 * Math.exp(-1), 10);
  });
});

describe("chrF (sacrebleu defaults: 6 char orders, beta 2, effective order)", () => {
  it("README example with two references: chrF2 = 59.73", () => {
    const refs = [
      ["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
      ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
    ];
    const hyps = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];
    expect(corpusChrf(hyps, hyps.map((_, i) => refs.map((s) => s[i]))).toFixed(2)).toBe("59.73");
  });
  // test_chrf.py, effective-order cases (eps_smoothing=False, the 2.x default)
  it.each([
    [["a"], ["a"], 100.0],
    [[""], ["reference"], 0.0],
    [["a b c"], ["a b c"], 100.0],
    [["a b c"], ["abc"], 100.0],
    [[""], ["c"], 0.0],
    [["a", "b"], ["a", "c"], 50.0],
    [["aa"], ["ab"], 25.0],
  ])("effective order %j vs %j", (hyps, refs, expected) => {
    expect(corpusChrf(hyps, refs)).toBeCloseTo(expected, 4);
  });
  // test_chrf.py, eps_smoothing=True cases
  it.each([
    [["abcdefg"], ["hijklmnop"], 0.0],
    [["a"], ["b"], 0.0],
    [["a"], ["a"], 16.6667],
    [["a b c"], ["a b c"], 50.0],
    [["a b c"], ["abc"], 50.0],
    [["aa"], ["ab"], 8.3333],
    [["a", "b"], ["a", "c"], 8.3333],
  ])("eps smoothing %j vs %j", (hyps, refs, expected) => {
    expect(corpusChrf(hyps, refs, { epsSmoothing: true })).toBeCloseTo(expected, 3);
  });
  it("sentence chrF of identical text is 100", () => {
    expect(sentenceChrf("Grüße aus Köln", "Grüße aus Köln")).toBeCloseTo(100, 10);
  });
});
