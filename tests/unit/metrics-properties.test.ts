import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { exactMatch } from "../../app/core/metrics/exact-match.ts";
import { tokenF1, squadTokens } from "../../app/core/metrics/token-f1.ts";
import { rougeL, rougeN, rougeTokenize } from "../../app/core/metrics/rouge.ts";
import { sentenceBleu, bleuTokens } from "../../app/core/metrics/bleu.ts";
import { wer } from "../../app/core/metrics/wer.ts";
import { sentenceChrf } from "../../app/core/metrics/chrf.ts";
import { macroF1 } from "../../app/core/metrics/classification.ts";
import { editDistance, lcsLength } from "../../app/core/metrics/sequence-alignment.ts";

const word = fc.constantFrom("the", "cat", "sat", "on", "a", "mat", "Dog", "running", "runs", "x1", "42", "fox!", "é", "hello,", "world.");
const sentence = fc.array(word, { minLength: 1, maxLength: 12 }).map((ws) => ws.join(" "));
const anyText = fc.string({ maxLength: 40 });

describe("identical prediction and reference give the maximum score", () => {
  it("exact match, token F1, ROUGE, BLEU, chrF, WER", () => {
    fc.assert(
      fc.property(sentence, (s) => {
        expect(exactMatch(s, s)).toBe(1);
        expect(tokenF1(s, s)).toBe(1);
        if (rougeTokenize(s).length > 0) {
          expect(rougeN(s, s, 1).fmeasure).toBeCloseTo(1, 12);
          expect(rougeL(s, s, { stem: true }).fmeasure).toBeCloseTo(1, 12);
        }
        if (rougeTokenize(s).length > 1) expect(rougeN(s, s, 2).fmeasure).toBeCloseTo(1, 12);
        expect(sentenceBleu(s, s).score).toBeCloseTo(100, 9);
        expect(sentenceChrf(s, s)).toBeCloseTo(100, 9);
        expect(wer(s, s)).toBe(0);
      }),
    );
  });
  it("macro-F1 of identical label lists is 1", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom("a", "b", "c"), { minLength: 1 }), (ys) => {
      expect(macroF1(ys, ys)).toBe(1);
    }));
  });
});

describe("scores stay in range", () => {
  it("F-measures in [0, 1], BLEU and chrF in [0, 100], WER >= 0", () => {
    fc.assert(
      fc.property(anyText, sentence, (p, r) => {
        for (const v of [tokenF1(p, r), rougeN(p, r, 1).fmeasure, rougeN(p, r, 2).fmeasure, rougeL(p, r).fmeasure]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1 + 1e-12);
        }
        const b = sentenceBleu(p, r).score;
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(100 + 1e-9);
        expect(wer(p, r)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe("symmetry where the definition is symmetric", () => {
  it("exact match, token F1, ROUGE-N F and ROUGE-L F", () => {
    fc.assert(
      fc.property(anyText, sentence, (a, b) => {
        expect(exactMatch(a, b)).toBe(exactMatch(b, a));
        expect(tokenF1(a, b)).toBeCloseTo(tokenF1(b, a), 12);
        expect(rougeN(a, b, 1).fmeasure).toBeCloseTo(rougeN(b, a, 1).fmeasure, 12);
        expect(rougeN(a, b, 2).fmeasure).toBeCloseTo(rougeN(b, a, 2).fmeasure, 12);
        expect(rougeL(a, b).fmeasure).toBeCloseTo(rougeL(b, a).fmeasure, 12);
      }),
    );
  });
  it("edit distance and LCS", () => {
    const seq = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 15 });
    fc.assert(
      fc.property(seq, seq, (a, b) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(lcsLength(a, b)).toBe(lcsLength(b, a));
        // Levenshtein is at most max length and at least the length difference; LCS at most min length
        expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(editDistance(a, b)).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
        expect(lcsLength(a, b)).toBeLessThanOrEqual(Math.min(a.length, b.length));
      }),
    );
  });
});

describe("tokenisers never produce empty tokens", () => {
  it("SQuAD, rouge and 13a", () => {
    fc.assert(
      fc.property(anyText, (t) => {
        for (const toks of [squadTokens(t), rougeTokenize(t, { stem: true }), bleuTokens(t)]) expect(toks.every((x) => x.length > 0)).toBe(true);
      }),
    );
  });
});
