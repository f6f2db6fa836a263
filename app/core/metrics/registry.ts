/**
 * The one registry of automated metrics: every metric by name (how it is computed over cases, what it
 * needs, which direction is better), the task-aware defaults (case shape → metrics), and the streaming
 * pair accumulators behind `arbiter score`. An eval pack may override the defaults per shape.
 */
import { exactMatch, exactMatchAccumulator } from "./exact-match.ts";
import { tokenF1, tokenF1Accumulator } from "./token-f1.ts";
import { rougeAccumulator, rougeScore } from "./rouge.ts";
import { CorpusBleu, type BleuTokenizer, type SmoothMethod } from "./bleu.ts";
import { CorpusChrf } from "./chrf.ts";
import { CorpusCer } from "./cer.ts";
import { CorpusTer } from "./ter.ts";
import { CorpusWer } from "./wer.ts";
import { MeanAccumulator, type PairAccumulator } from "./pair-metric.ts";
import { ClassificationAccumulator } from "./classification.ts";
import { SpanAccumulator } from "./spans.ts";
import { isValidJson } from "./json-validity.ts";
import { checkOutput, compileSchema } from "./json-schema.ts";
import { FieldAccuracyAccumulator } from "./field-accuracy.ts";
import { ToolCallAccumulator } from "./tool-call.ts";
import { PerplexityAccumulator } from "./perplexity.ts";
import { latencySummary } from "./latency.ts";
import { parseJson } from "./json-value.ts";

export const SHAPES = ["classification", "extraction", "qa", "summarization", "structured", "tool_call", "rag", "seq2seq", "transcription", "open"] as const;
export type Shape = (typeof SHAPES)[number];

export const METRIC_NAMES = [
  "exact_match",
  "token_f1",
  "rouge1",
  "rouge2",
  "rougeL",
  "bleu",
  "chrf",
  "wer",
  "accuracy",
  "macro_f1",
  "span_f1",
  "json_valid",
  "json_schema",
  "field_accuracy",
  "tool_name_accuracy",
  "tool_args_exact",
  "tool_args_key_share",
  "perplexity",
  "latency_p50",
  "latency_p95",
  "latency_p99",
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** What a metric sees of one case and one system's output. */
export interface MetricCase {
  id?: string;
  shape: Shape;
  /** The output text; null when the system returned an error (scored as an empty / wrong answer). */
  output: string | null;
  /** Reference answer (text, label, or JSON text for structured / tool / extraction shapes). */
  reference?: string | null;
  /** JSON Schema the output must follow (structured shape). */
  schema?: unknown;
  logprobs?: readonly number[] | null;
  latencyMs?: number | null;
}

export interface MetricValue {
  metric: MetricName;
  value: number;
  /** Cases the value is computed over. */
  n: number;
  detail?: unknown;
}

export class MetricInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MetricInputError";
  }
}

export interface MetricDefinition {
  name: MetricName;
  description: string;
  higherIsBetter: boolean;
  /** "output": every case; "reference": cases with a non-empty reference; "schema": with a schema; "logprobs"; "latency". */
  needs: "output" | "reference" | "schema" | "logprobs" | "latency";
  compute(cases: readonly MetricCase[]): MetricValue | null;
}

const hasReference = (c: MetricCase): c is MetricCase & { reference: string } => typeof c.reference === "string" && c.reference.trim() !== "";

function where(c: MetricCase): string {
  return c.id ? `case ${c.id}` : "a case";
}

function pairMetric(name: MetricName, description: string, make: () => PairAccumulator, higherIsBetter = true): MetricDefinition {
  return {
    name,
    description,
    higherIsBetter,
    needs: "reference",
    compute(cases) {
      const acc = make();
      for (const c of cases) if (hasReference(c)) acc.add(c.output ?? "", c.reference);
      return acc.n === 0 ? null : { metric: name, value: acc.result(), n: acc.n };
    },
  };
}

function withReferences<T>(name: MetricName, cases: readonly MetricCase[], add: (c: MetricCase & { reference: string }) => T): number {
  let n = 0;
  for (const c of cases) {
    if (!hasReference(c)) continue;
    try {
      add(c);
    } catch (err) {
      throw new MetricInputError(`${name}: ${where(c)}: ${err instanceof Error ? err.message : String(err)}`);
    }
    n++;
  }
  return n;
}

function classificationMetric(name: "accuracy" | "macro_f1", description: string): MetricDefinition {
  return {
    name,
    description,
    higherIsBetter: true,
    needs: "reference",
    compute(cases) {
      const acc = new ClassificationAccumulator();
      for (const c of cases) if (hasReference(c)) acc.add((c.output ?? "").trim(), c.reference.trim());
      if (acc.n === 0) return null;
      const report = acc.report();
      return { metric: name, value: name === "accuracy" ? report.accuracy : report.macroF1, n: acc.n, detail: report };
    },
  };
}

function toolMetric(name: "tool_name_accuracy" | "tool_args_exact" | "tool_args_key_share", description: string): MetricDefinition {
  return {
    name,
    description,
    higherIsBetter: true,
    needs: "reference",
    compute(cases) {
      const acc = new ToolCallAccumulator();
      const n = withReferences(name, cases, (c) => {
        const ref = parseJson(c.reference);
        if (!ref.ok) throw new Error(`the reference tool call is not JSON (${ref.error})`);
        acc.add(c.output ?? "", ref.value);
      });
      if (n === 0) return null;
      const r = acc.result();
      const value = name === "tool_name_accuracy" ? r.nameAccuracy : name === "tool_args_exact" ? r.argumentsExactRate : r.argumentKeyShare;
      return { metric: name, value, n };
    },
  };
}

function latencyMetric(name: "latency_p50" | "latency_p95" | "latency_p99", q: "p50" | "p95" | "p99"): MetricDefinition {
  return {
    name,
    description: `latency ${q} in ms (linear interpolation between closest ranks)`,
    higherIsBetter: false,
    needs: "latency",
    compute(cases) {
      const ms = cases.map((c) => c.latencyMs).filter((v): v is number => typeof v === "number");
      if (ms.length === 0) return null;
      const s = latencySummary(ms);
      return { metric: name, value: s[q], n: s.n, detail: s };
    },
  };
}

const DEFINITIONS: MetricDefinition[] = [
  pairMetric("exact_match", "share of outputs equal to the reference after trimming", exactMatchAccumulator),
  pairMetric("token_f1", "mean token F1 with SQuAD normalisation", tokenF1Accumulator),
  pairMetric("rouge1", "mean ROUGE-1 F-measure (rouge-score conventions)", () => rougeAccumulator("rouge1")),
  pairMetric("rouge2", "mean ROUGE-2 F-measure (rouge-score conventions)", () => rougeAccumulator("rouge2")),
  pairMetric("rougeL", "mean ROUGE-L F-measure (rouge-score conventions)", () => rougeAccumulator("rougeL")),
  pairMetric("bleu", "corpus BLEU 0-100 (sacrebleu defaults)", () => new CorpusBleu()),
  pairMetric("chrf", "corpus chrF 0-100 (sacrebleu defaults)", () => new CorpusChrf()),
  pairMetric("wer", "corpus word error rate: total edits / total reference words", () => new CorpusWer(), false),
  classificationMetric("accuracy", "share of predicted labels equal to the reference label (trimmed)"),
  classificationMetric("macro_f1", "unweighted mean of per-class F1 (sklearn, zero_division 0)"),
  {
    name: "span_f1",
    description: "micro F1 of exact (type, span) matches",
    higherIsBetter: true,
    needs: "reference",
    compute(cases) {
      const acc = new SpanAccumulator();
      const n = withReferences("span_f1", cases, (c) => {
        const ref = parseJson(c.reference);
        if (!ref.ok) throw new Error(`the reference spans are not JSON (${ref.error})`);
        acc.add(c.output ?? [], ref.value);
      });
      if (n === 0) return null;
      const r = acc.result();
      return { metric: "span_f1", value: r.f1, n, detail: r };
    },
  },
  {
    name: "json_valid",
    description: "share of outputs that parse as JSON",
    higherIsBetter: true,
    needs: "output",
    compute(cases) {
      if (cases.length === 0) return null;
      let ok = 0;
      for (const c of cases) if (c.output !== null && isValidJson(c.output)) ok++;
      return { metric: "json_valid", value: ok / cases.length, n: cases.length };
    },
  },
  {
    name: "json_schema",
    description: "share of outputs that are JSON valid against the case's JSON Schema (draft 2020-12)",
    higherIsBetter: true,
    needs: "schema",
    compute(cases) {
      let n = 0;
      let ok = 0;
      for (const c of cases) {
        if (c.schema === undefined || c.schema === null) continue;
        try {
          compileSchema(c.schema);
        } catch (err) {
          throw new MetricInputError(`json_schema: ${where(c)}: ${(err as Error).message}`);
        }
        n++;
        if (c.output !== null && checkOutput(c.output, c.schema).valid) ok++;
      }
      return n === 0 ? null : { metric: "json_schema", value: ok / n, n };
    },
  },
  {
    name: "field_accuracy",
    description: "share of reference JSON fields the output reproduces exactly",
    higherIsBetter: true,
    needs: "reference",
    compute(cases) {
      const acc = new FieldAccuracyAccumulator();
      const n = withReferences("field_accuracy", cases, (c) => acc.add(c.output ?? "", c.reference));
      if (n === 0) return null;
      const r = acc.result();
      return { metric: "field_accuracy", value: r.accuracy, n, detail: r };
    },
  },
  toolMetric("tool_name_accuracy", "share of cases whose tool call names match the reference"),
  toolMetric("tool_args_exact", "share of cases whose tool calls match the reference exactly (names and deep-equal arguments)"),
  toolMetric("tool_args_key_share", "mean share of argument keys with equal values"),
  {
    name: "perplexity",
    description: "exp(-mean token logprob) over every token of every output that carries logprobs",
    higherIsBetter: false,
    needs: "logprobs",
    compute(cases) {
      const acc = new PerplexityAccumulator();
      for (const c of cases) {
        if (!c.logprobs || c.logprobs.length === 0) continue;
        try {
          acc.add(c.logprobs);
        } catch (err) {
          throw new MetricInputError(`perplexity: ${where(c)}: ${(err as Error).message}`);
        }
      }
      return acc.n === 0 ? null : { metric: "perplexity", value: acc.result(), n: acc.n, detail: { tokens: acc.tokens } };
    },
  },
  latencyMetric("latency_p50", "p50"),
  latencyMetric("latency_p95", "p95"),
  latencyMetric("latency_p99", "p99"),
];

export const METRICS: ReadonlyMap<MetricName, MetricDefinition> = new Map(DEFINITIONS.map((d) => [d.name, d]));

export function isMetricName(name: string): name is MetricName {
  return (METRIC_NAMES as readonly string[]).includes(name);
}

export function getMetric(name: string): MetricDefinition {
  const d = isMetricName(name) ? METRICS.get(name) : undefined;
  if (!d) throw new MetricInputError(`unknown metric "${name}"; known: ${METRIC_NAMES.join(", ")}`);
  return d;
}

/** Task-aware defaults: the metrics computed for cases of each shape when the pack says nothing. */
export const DEFAULT_METRICS: Readonly<Record<Shape, readonly MetricName[]>> = {
  classification: ["accuracy", "macro_f1"],
  extraction: ["span_f1"],
  qa: ["exact_match", "token_f1"],
  summarization: ["rouge1", "rouge2", "rougeL"],
  structured: ["json_valid", "json_schema", "field_accuracy"],
  tool_call: ["tool_name_accuracy", "tool_args_exact", "tool_args_key_share"],
  rag: ["token_f1", "rougeL"],
  seq2seq: ["bleu", "chrf"],
  transcription: ["wer"],
  open: [],
};

/** Computed for every case whatever its shape, when the outputs carry the data. */
export const ALWAYS_METRICS: readonly MetricName[] = ["perplexity", "latency_p50", "latency_p95", "latency_p99"];

export type MetricOverrides = Partial<Record<Shape, readonly MetricName[]>>;

export interface DefaultMetricsResult {
  /** Per shape present among the cases, each metric that had data. */
  byShape: Partial<Record<Shape, MetricValue[]>>;
  /** Shape-independent metrics (perplexity, latency) over all cases. */
  overall: MetricValue[];
}

/** Computes the metrics of each shape (defaults, or the pack's overrides) over the given cases of one system. */
export function computeMetrics(cases: readonly MetricCase[], overrides: MetricOverrides = {}): DefaultMetricsResult {
  for (const [shape, names] of Object.entries(overrides)) {
    if (!(SHAPES as readonly string[]).includes(shape)) throw new MetricInputError(`unknown shape "${shape}" in metric overrides`);
    for (const n of names ?? []) getMetric(n);
  }
  const groups = new Map<Shape, MetricCase[]>();
  for (const c of cases) {
    if (!(SHAPES as readonly string[]).includes(c.shape)) throw new MetricInputError(`${where(c)}: unknown shape "${String(c.shape)}"`);
    const g = groups.get(c.shape) ?? [];
    g.push(c);
    groups.set(c.shape, g);
  }
  const byShape: DefaultMetricsResult["byShape"] = {};
  for (const shape of SHAPES) {
    const group = groups.get(shape);
    if (!group) continue;
    const values: MetricValue[] = [];
    for (const name of overrides[shape] ?? DEFAULT_METRICS[shape]) {
      const v = getMetric(name).compute(group);
      if (v) values.push(v);
    }
    byShape[shape] = values;
  }
  const overall: MetricValue[] = [];
  for (const name of ALWAYS_METRICS) {
    const v = getMetric(name).compute(cases);
    if (v) overall.push(v);
  }
  return { byShape, overall };
}

/** Metrics `arbiter score` accepts: each one a streaming accumulator over (prediction, reference) lines. */
export const PAIR_METRICS = ["exact_match", "token_f1", "rouge1", "rouge2", "rougeL", "bleu", "chrf", "wer", "accuracy", "macro_f1"] as const;
export type PairMetricName = (typeof PAIR_METRICS)[number];

export function isPairMetricName(name: string): name is PairMetricName {
  return (PAIR_METRICS as readonly string[]).includes(name);
}

class MacroF1Accumulator implements PairAccumulator {
  private readonly acc = new ClassificationAccumulator();
  get n(): number {
    return this.acc.n;
  }
  add(prediction: string, reference: string): void {
    this.acc.add(prediction.trim(), reference.trim());
  }
  result(): number {
    return this.n === 0 ? Number.NaN : this.acc.report().macroF1;
  }
}

export function createPairAccumulator(name: PairMetricName): PairAccumulator {
  switch (name) {
    case "exact_match":
      return exactMatchAccumulator();
    case "token_f1":
      return tokenF1Accumulator();
    case "rouge1":
    case "rouge2":
    case "rougeL":
      return rougeAccumulator(name);
    case "bleu":
      return new CorpusBleu();
    case "chrf":
      return new CorpusChrf();
    case "wer":
      return new CorpusWer();
    case "accuracy":
      // label accuracy: equality of the trimmed labels, the same test as exact match
      return new MeanAccumulator(exactMatch);
    case "macro_f1":
      return new MacroF1Accumulator();
  }
}

/**
 * `arbiter score`'s metrics with their options and several references per prediction. Options
 * are those of the reference implementations: BLEU's tokenizer (sacrebleu 13a, none, intl, char),
 * smoothing (exp, floor, add-k, none, with its value) and maximum n-gram order; chrF's beta;
 * ROUGE's Porter stemming. With several references: BLEU clips by the maximum over them and takes
 * the closest length, chrF and TER take the best reference (TER with the mean reference length),
 * ROUGE, token F1 and exact match the best-scoring one (rouge-score's score_multi, SQuAD's max).
 */
export const SCORE_METRICS = [...PAIR_METRICS, "rougeLsum", "cer", "ter"] as const;
export type ScoreMetricName = (typeof SCORE_METRICS)[number];

export function isScoreMetricName(name: string): name is ScoreMetricName {
  return (SCORE_METRICS as readonly string[]).includes(name);
}

export interface ScoreOptions {
  tokenize?: BleuTokenizer;
  smooth?: SmoothMethod;
  smoothValue?: number;
  maxOrder?: number;
  beta?: number;
  stem?: boolean;
}

/** Which metrics each option applies to. */
export const SCORE_OPTION_METRICS: Record<keyof ScoreOptions, readonly ScoreMetricName[]> = {
  tokenize: ["bleu"],
  smooth: ["bleu"],
  smoothValue: ["bleu"],
  maxOrder: ["bleu"],
  beta: ["chrf"],
  stem: ["rouge1", "rouge2", "rougeL", "rougeLsum"],
};

/** Metrics defined against one reference only. */
export const SINGLE_REFERENCE_METRICS: readonly ScoreMetricName[] = ["wer", "cer", "accuracy", "macro_f1"];

export interface ScoreAccumulator {
  add(prediction: string, references: readonly string[]): void;
  result(): number;
  readonly n: number;
}

class BestOfReferences implements ScoreAccumulator {
  private sum = 0;
  n = 0;
  constructor(private readonly score: (prediction: string, reference: string) => number) {}
  add(prediction: string, references: readonly string[]): void {
    let best = Number.NEGATIVE_INFINITY;
    for (const r of references) best = Math.max(best, this.score(prediction, r));
    this.sum += best;
    this.n++;
  }
  result(): number {
    return this.n === 0 ? Number.NaN : this.sum / this.n;
  }
}

function singleReference(acc: PairAccumulator, name: string): ScoreAccumulator {
  return {
    add(prediction, references) {
      if (references.length !== 1) throw new MetricInputError(`${name} compares with one reference; got ${references.length}`);
      acc.add(prediction, references[0]);
    },
    result: () => acc.result(),
    get n() {
      return acc.n;
    },
  };
}

export function createScoreAccumulator(name: ScoreMetricName, options: ScoreOptions = {}): ScoreAccumulator {
  switch (name) {
    case "bleu": {
      const acc = new CorpusBleu({ tokenize: options.tokenize, smooth: options.smooth, smoothValue: options.smoothValue, maxOrder: options.maxOrder });
      return { add: (p, refs) => acc.addReferences(p, refs), result: () => acc.result(), get n() { return acc.n; } };
    }
    case "chrf": {
      const acc = new CorpusChrf({ beta: options.beta });
      return { add: (p, refs) => acc.addReferences(p, refs), result: () => acc.result(), get n() { return acc.n; } };
    }
    case "ter": {
      const acc = new CorpusTer();
      return { add: (p, refs) => acc.addReferences(p, refs), result: () => acc.result(), get n() { return acc.n; } };
    }
    case "rouge1":
    case "rouge2":
    case "rougeL":
    case "rougeLsum":
      return new BestOfReferences((p, r) => rougeScore(name, p, r, { stem: options.stem }).fmeasure);
    case "exact_match":
      return new BestOfReferences(exactMatch);
    case "token_f1":
      return new BestOfReferences(tokenF1);
    case "cer":
      return singleReference(new CorpusCer(), name);
    default:
      return singleReference(createPairAccumulator(name), name);
  }
}
