/** Exact match (DESIGN.md): 1 when prediction and reference are equal after trimming surrounding whitespace, else 0. */
import { MeanAccumulator } from "./pair-metric.ts";

export function exactMatch(prediction: string, reference: string): number {
  return prediction.trim() === reference.trim() ? 1 : 0;
}

export function exactMatchAccumulator(): MeanAccumulator {
  return new MeanAccumulator(exactMatch);
}
