/** The one registry of import formats: `arbiter import FORMAT FILE` and the web form list these. */
import { alpacaEval } from "./alpaca-eval.ts";
import { arena } from "./arena.ts";
import { lmEval } from "./lm-eval.ts";
import { mappedCsv, mappedJsonl } from "./mapped.ts";
import { mtBench } from "./mt-bench.ts";
import { openaiEvals } from "./openai-evals.ts";
import { promptfoo } from "./promptfoo.ts";
import { promptfooResults } from "./promptfoo-results.ts";
import type { FormatAdapter } from "./types.ts";

export const FORMATS: Record<string, FormatAdapter> = Object.fromEntries(
  [alpacaEval, mtBench, arena, promptfoo, promptfooResults, lmEval, openaiEvals, mappedJsonl, mappedCsv].map((f) => [f.name, f]),
);

export const FORMAT_NAMES = Object.keys(FORMATS);
