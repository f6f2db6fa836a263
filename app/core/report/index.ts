export * from "./types.ts";
export * from "./gate-evaluation.ts";
export * from "./canonical-json.ts";
export * from "./report-assembly.ts";
export { nominalAlphaFromCounts } from "./agreement.ts";
export { compareMeans, compareQuantiles, quantileIntervals } from "./resample.ts";
export { failureClusters, inputText } from "./failure-clusters.ts";
