// The fast implementations must equal the literal ones they replace, on random input.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { tokenize13a, tokenize13aRegex } from "../../app/core/metrics/tokenizer-13a.ts";
import { editDistance, editDistanceDp, lcsLength, lcsLengthDp } from "../../app/core/metrics/sequence-alignment.ts";
import { addMultiReferenceStatistics, addPairStatistics, emptyBleuStatistics } from "../../app/core/metrics/bleu.ts";

const piece = fc.constantFrom(..."ab1290.,-'\" \t\n()$&;:/é😀\u00a0\x1c".split(""), "&quot;", "&amp;", "-\n", "<skipped>", "&lt;", "3.5", "a,b");

describe("13a: buffer implementation equals sacrebleu's regexes", () => {
  it("on punctuation-heavy text", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((a) => a.join("")), (s) => {
        expect(tokenize13a(s)).toEqual(tokenize13aRegex(s));
      }),
      { numRuns: 3000 },
    );
  });
  it("on arbitrary Unicode", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        expect(tokenize13a(s)).toEqual(tokenize13aRegex(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("alignments: bit-parallel LCS and banded Levenshtein equal the plain DP", () => {
  for (const [alphabet, maxLength] of [[3, 20], [10, 80], [60, 140]] as const) {
    it(`alphabet ${alphabet + 1}, length <= ${maxLength} (several 32-bit words)`, () => {
      const seq = fc.array(fc.integer({ min: 0, max: alphabet }), { maxLength });
      fc.assert(
        fc.property(seq, seq, (a, b) => {
          expect(lcsLength(a, b)).toBe(lcsLengthDp(a, b));
          expect(editDistance(a, b)).toBe(editDistanceDp(a, b));
        }),
        { numRuns: 500 },
      );
    });
  }
});

describe("BLEU statistics: hashed n-gram codes equal string n-gram counting", () => {
  it("single-reference fast path = multi-reference string path with the reference twice", () => {
    const toks = fc.array(fc.constantFrom("a", "b", "c", "d", "the", "."), { maxLength: 25 });
    fc.assert(
      fc.property(toks, toks, (hyp, ref) => {
        const fast = emptyBleuStatistics();
        const slow = emptyBleuStatistics();
        addPairStatistics(hyp, ref, fast);
        addMultiReferenceStatistics(hyp, [ref, ref], slow);
        expect(fast).toEqual(slow);
      }),
      { numRuns: 1000 },
    );
  });
});
