import { describe, expect, it } from "vitest";
import { DEFAULT_METRICS, METRICS, MetricInputError, SHAPES, computeMetrics, createPairAccumulator, getMetric, type MetricCase } from "../../app/core/metrics/registry.ts";

describe("metric registry", () => {
  it("has defaults for every shape, all of them registered", () => {
    for (const shape of SHAPES) {
      expect(DEFAULT_METRICS[shape]).toBeDefined();
      for (const m of DEFAULT_METRICS[shape]) expect(METRICS.has(m)).toBe(true);
    }
    expect(DEFAULT_METRICS.transcription).toEqual(["wer"]);
    expect(DEFAULT_METRICS.classification).toEqual(["accuracy", "macro_f1"]);
    expect(() => getMetric("blue")).toThrow(MetricInputError);
  });

  const cases: MetricCase[] = [
    { id: "c1", shape: "classification", output: "spam", reference: "spam", latencyMs: 100 },
    { id: "c2", shape: "classification", output: "ham ", reference: "spam", latencyMs: 300 },
    { id: "q1", shape: "qa", output: "Paris", reference: "Paris", latencyMs: 200 },
    { id: "q2", shape: "qa", output: null, reference: "Rome" }, // error output scores as empty
    { id: "s1", shape: "structured", output: '{"a":1}', reference: '{"a":1,"b":2}', schema: { type: "object", required: ["a"] } },
    { id: "s2", shape: "structured", output: "oops", reference: '{"a":1}', schema: { type: "object" } },
    { id: "t1", shape: "transcription", output: "hello duck", reference: "hello world", logprobs: [Math.log(0.5)] },
    { id: "o1", shape: "open", output: "anything" },
  ];

  it("computes each shape's defaults over its cases, and latency / perplexity over all", () => {
    const r = computeMetrics(cases);
    const get = (shape: keyof typeof r.byShape, metric: string) => r.byShape[shape]!.find((v) => v.metric === metric)!;
    expect(get("classification", "accuracy")).toMatchObject({ value: 0.5, n: 2 });
    expect(get("qa", "exact_match")).toMatchObject({ value: 0.5, n: 2 });
    expect(get("structured", "json_valid")).toMatchObject({ value: 0.5, n: 2 });
    expect(get("structured", "json_schema")).toMatchObject({ value: 0.5, n: 2 });
    expect(get("structured", "field_accuracy")).toMatchObject({ value: 1 / 3, n: 2 });
    expect(get("transcription", "wer")).toMatchObject({ value: 0.5, n: 1 });
    expect(r.byShape.open).toEqual([]);
    expect(r.overall.find((v) => v.metric === "latency_p50")).toMatchObject({ value: 200, n: 3 });
    expect(r.overall.find((v) => v.metric === "perplexity")?.value).toBeCloseTo(2, 12);
  });

  it("a pack may override the metrics of a shape; unknown names are errors", () => {
    const r = computeMetrics(cases, { qa: ["token_f1"] });
    expect(r.byShape.qa!.map((v) => v.metric)).toEqual(["token_f1"]);
    expect(() => computeMetrics(cases, { qa: ["nope" as never] })).toThrow(/unknown metric "nope"/);
  });

  it("an invalid JSON Schema on a case names the case", () => {
    expect(() => computeMetrics([{ id: "bad", shape: "structured", output: "{}", schema: { type: 5 } }])).toThrow(/json_schema: case bad: invalid JSON Schema/);
  });

  it("pair accumulators for the CLI", () => {
    const acc = createPairAccumulator("macro_f1");
    [["0", "0"], ["2", "1"], ["1", "2"], ["0", "0"], ["0", "1"], ["1", "2"]].forEach(([p, t]) => acc.add(p, t));
    expect(acc.result()).toBeCloseTo(0.26666666666666666, 12);
  });
});
