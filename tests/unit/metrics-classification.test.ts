import { describe, expect, it } from "vitest";
import { ClassificationAccumulator, accuracy, classificationReport, confusionMatrix, macroF1 } from "../../app/core/metrics/classification.ts";
import { SpanAccumulator, parseSpans, spanCounts, spanScores } from "../../app/core/metrics/spans.ts";
import { perplexity, PerplexityAccumulator, extractLogprobs } from "../../app/core/metrics/perplexity.ts";
import { latencySummary } from "../../app/core/metrics/latency.ts";

describe("classification (scikit-learn's documented examples)", () => {
  it("f1_score docstring: macro 0.2666…, per class [0.8, 0, 0]; accuracy 1/3", () => {
    const yTrue = [0, 1, 2, 0, 1, 2];
    const yPred = [0, 2, 1, 0, 0, 1];
    const r = classificationReport(yTrue, yPred);
    expect(r.macroF1).toBeCloseTo(0.26666666666666666, 12);
    expect(r.perClass.map((c) => c.f1)).toEqual([0.8, 0, 0]);
    expect(accuracy(yTrue, yPred)).toBeCloseTo(1 / 3, 12);
  });
  it("precision_recall_fscore_support docstring, macro: (0.22…, 0.33…, 0.26…)", () => {
    const yTrue = ["cat", "dog", "pig", "cat", "dog", "pig"];
    const yPred = ["cat", "pig", "dog", "cat", "cat", "dog"];
    const r = classificationReport(yTrue, yPred);
    expect(r.macroPrecision).toBeCloseTo(2 / 9, 12);
    expect(r.macroRecall).toBeCloseTo(1 / 3, 12);
    expect(r.macroF1).toBeCloseTo(0.26666666666666666, 12);
    expect(r.labels).toEqual(["cat", "dog", "pig"]);
  });
  it("confusion_matrix docstring", () => {
    expect(confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
    expect(confusionMatrix(["cat", "ant", "cat", "cat", "ant", "bird"], ["ant", "ant", "cat", "cat", "ant", "cat"], ["ant", "bird", "cat"])).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
  });
  it("a class only ever predicted counts in the macro average with F1 0 (zero_division 0)", () => {
    // classes a, b: a P=1 R=1/2 F=2/3, b P=0 (predicted once, wrong) R=0 (no support) F=0 → macro 1/3
    expect(macroF1(["a", "a"], ["a", "b"])).toBeCloseTo(1 / 3, 12);
  });
  it("the streaming accumulator agrees with the batch report", () => {
    const yTrue = ["cat", "dog", "pig", "cat", "dog", "pig"];
    const yPred = ["cat", "pig", "dog", "cat", "cat", "dog"];
    const acc = new ClassificationAccumulator();
    yTrue.forEach((t, i) => acc.add(yPred[i], t));
    expect(acc.report()).toEqual(classificationReport(yTrue, yPred));
  });
});

describe("span-set extraction", () => {
  it("exact (type, span) matches, hand-computed", () => {
    const gold = [
      { type: "PER", text: "Ada Lovelace" },
      { type: "LOC", text: "London" },
      { type: "DATE", text: "1815" },
    ];
    const pred = [
      { type: "PER", text: "Ada Lovelace" },
      { type: "ORG", text: "London" }, // wrong type
      { type: "DATE", text: "1815" },
      { type: "DATE", text: "1815" }, // duplicate counts once
      { type: "LOC", text: "England" },
    ];
    const c = spanCounts(parseSpans(pred), parseSpans(gold));
    expect(c).toEqual({ truePositives: 2, predicted: 4, gold: 3 });
    const s = spanScores(c);
    expect(s.precision).toBe(0.5);
    expect(s.recall).toBeCloseTo(2 / 3, 12);
    expect(s.f1).toBeCloseTo(4 / 7, 12);
  });
  it("reads the type → spans object shape and offsets; unreadable output finds nothing", () => {
    expect(parseSpans('{"PER":["Ada"],"LOC":"Paris"}')).toEqual([
      { type: "PER", value: "Ada" },
      { type: "LOC", value: "Paris" },
    ]);
    expect(parseSpans([{ label: "X", start: 0, end: 3 }])).toEqual([{ type: "X", value: [0, 3] }]);
    const acc = new SpanAccumulator();
    acc.add("garbage", '{"PER":["Ada"]}');
    acc.add('{"PER":["Ada"]}', '{"PER":["Ada"]}');
    expect(acc.result()).toMatchObject({ truePositives: 1, predicted: 1, gold: 2, precision: 1, recall: 0.5 });
  });
});

describe("perplexity and latency", () => {
  it("exp(-mean logprob)", () => {
    expect(perplexity([Math.log(0.5), Math.log(0.5)])).toBeCloseTo(2, 12);
    expect(perplexity([Math.log(0.25), Math.log(1)])).toBeCloseTo(2, 12); // exp(ln 4 / 2)
    const acc = new PerplexityAccumulator();
    acc.add([Math.log(0.5)]);
    acc.add([Math.log(0.125), Math.log(0.125), Math.log(0.125)]);
    // token-weighted: mean = (ln .5 + 3 ln .125)/4 = -(10/4) ln 2 → 2^2.5
    expect(acc.result()).toBeCloseTo(Math.pow(2, 2.5), 12);
    expect(() => perplexity([0.3])).toThrow(/<= 0/);
    expect(extractLogprobs({ content: [{ token: "a", logprob: -1 }] })).toEqual([-1]);
  });
  it("p50/p95/p99 by linear interpolation (numpy's default)", () => {
    const s = latencySummary([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    // h = 9q: p50 → 550, p95 → 955, p99 → 991
    expect(s.p50).toBeCloseTo(550, 9);
    expect(s.p95).toBeCloseTo(955, 9);
    expect(s.p99).toBeCloseTo(991, 9);
    expect(s.n).toBe(10);
    expect(() => latencySummary([-1])).toThrow();
  });
});
