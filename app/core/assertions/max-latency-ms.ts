import { fail, pass, type Checker } from "./check.ts";

/** The recorded latency is at most `value` ms; no recorded latency cannot be shown to hold, so it fails. */
export const checkMaxLatencyMs: Checker<"max_latency_ms"> = (a, { latencyMs }) => {
  if (typeof latencyMs !== "number" || !Number.isFinite(latencyMs)) return fail("no latency was recorded for this output");
  return latencyMs <= a.value ? pass(`latency ${latencyMs} ms <= ${a.value} ms`) : fail(`latency ${latencyMs} ms exceeds ${a.value} ms`);
};
