import { describe, expect, it } from "vitest";
import { CorpusWer, EmptyReferenceError, corpusWer, wer } from "../../app/core/metrics/wer.ts";
import { editDistance, lcsLength } from "../../app/core/metrics/sequence-alignment.ts";

describe("WER", () => {
  // jiwer README: wer("hello world", "hello duck") = 0.5; lists → 2 errors / 6 words
  it("jiwer's README examples", () => {
    expect(wer("hello duck", "hello world")).toBe(0.5);
    expect(corpusWer(["hello duck", "i like python"], ["hello world", "i like monthy python"])).toBeCloseTo(1 / 3, 12);
  });
  it("counts substitutions, deletions and insertions; can exceed 1", () => {
    expect(wer("this is a test", "this is a test")).toBe(0);
    expect(wer("a x b c", "a b")).toBe(1); // two insertions over two words
    expect(wer("b c d", "a")).toBe(3);
    expect(wer("", "a b c")).toBe(1); // three deletions
    expect(wer("the  cat\tsat ", "the cat sat")).toBe(0); // whitespace runs split words
  });
  it("corpus WER is total edits over total reference words, not a mean of rates", () => {
    const acc = new CorpusWer();
    acc.add("a", "a b c d"); // 3 edits / 4
    acc.add("x", "y"); // 1 edit / 1
    expect(acc.result()).toBe(4 / 5);
  });
  it("rejects an empty reference", () => {
    expect(() => wer("a", "   ")).toThrow(EmptyReferenceError);
  });
});

describe("integer alignments", () => {
  it("Levenshtein and LCS on known pairs", () => {
    const ids = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
    expect(editDistance(ids("kitten"), ids("sitting"))).toBe(3);
    expect(editDistance(ids("flaw"), ids("lawn"))).toBe(2);
    expect(lcsLength(ids("ABCBDAB"), ids("BDCABA"))).toBe(4);
    expect(lcsLength(ids("AGGTAB"), ids("GXTXAYB"))).toBe(4);
  });
});
