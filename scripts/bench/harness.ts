/**
 * Benchmark harness: every figure is the median of several runs, printed with its spread,
 * so one noisy run on a shared 2-core machine does not decide a result.
 */
export interface Measurement {
  name: string;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export interface BenchResult {
  name: string;
  /** Human-readable figure lines, printed under the bench name. */
  lines: string[];
  /** Whether every stated target was met; a miss is reported, not hidden. */
  targetsMet: boolean;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times; reports the median wall time. */
export async function measure(
  name: string,
  fn: () => unknown | Promise<unknown>,
  { runs = 5, warmup = 1 }: { runs?: number; warmup?: number } = {},
): Promise<Measurement> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return { name, runs, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) };
}

export function formatMeasurement(m: Measurement, targetMs?: number): string {
  const target = targetMs === undefined ? "" : ` (target < ${targetMs} ms: ${m.medianMs < targetMs ? "met" : "MISSED"})`;
  return `${m.name}: median ${m.medianMs.toFixed(1)} ms over ${m.runs} runs [min ${m.minMs.toFixed(1)}, max ${m.maxMs.toFixed(1)}]${target}`;
}

/** A bench module default-exports one of these. */
export type Bench = { name: string; run: () => Promise<BenchResult> };
