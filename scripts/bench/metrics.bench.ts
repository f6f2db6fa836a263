/**
 * Issue 5 §9: BLEU, ROUGE-L and WER together over 100,000 prediction/reference pairs of about 50 words
 * (target < 5 s on one core), and over 1,000,000 pairs: time should grow linearly (ratio within 10% of
 * 10×) and memory stay flat, the files being read as streams. Pairs are synthetic and seeded: a reference
 * of 45-55 words from a 5,000-word Zipf-like vocabulary with some punctuation, and a prediction that
 * substitutes, drops or inserts about 15% of its words. Each run is a child process (metrics-worker.ts)
 * that reports its own scoring time (wall and CPU) and peak RSS. On a shared machine the wall clock also
 * counts time spent waiting for a core, so the targets are judged on CPU time (the work done on one core)
 * and both figures are printed, with the load average.
 */
import { spawnSync } from "node:child_process";
import os, { loadavg } from "node:os";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatMeasurement, median, type Bench, type Measurement } from "./harness.ts";

const here = dirname(fileURLToPath(import.meta.url));

function availableCores(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

/** mulberry32: a small deterministic generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function vocabulary(random: () => number, size: number): string[] {
  const letters = "etaoinshrdlucmfwypvbgkjqxz";
  const words = new Set<string>();
  while (words.size < size) {
    const len = 2 + Math.floor(random() * 8);
    let w = "";
    for (let i = 0; i < len; i++) w += letters[Math.floor(Math.pow(random(), 1.6) * letters.length)];
    words.add(w);
  }
  return [...words];
}

export async function generate(dir: string, pairs: number, seed: number): Promise<{ pred: string; ref: string }> {
  const random = rng(seed);
  const vocab = vocabulary(random, 5000);
  const word = () => vocab[Math.floor(Math.pow(random(), 2.5) * vocab.length)];
  const refs: string[] = [];
  const preds: string[] = [];
  // Generate in blocks so neither file needs the whole corpus in memory.
  const block = 10_000;
  const pred = join(dir, `pred-${pairs}.txt`);
  const ref = join(dir, `ref-${pairs}.txt`);
  const predOut = createWriteStream(pred);
  const refOut = createWriteStream(ref);
  for (let start = 0; start < pairs; start += block) {
    refs.length = 0;
    preds.length = 0;
    for (let i = start; i < Math.min(pairs, start + block); i++) {
      const n = 45 + Math.floor(random() * 11);
      const r: string[] = [];
      for (let k = 0; k < n; k++) {
        let w = word();
        if (k === 0) w = w[0].toUpperCase() + w.slice(1);
        if (random() < 0.06) w += ",";
        r.push(w);
      }
      r[r.length - 1] += ".";
      const p: string[] = [];
      for (const w of r) {
        const x = random();
        if (x < 0.06) p.push(word());
        else if (x < 0.1) continue;
        else if (x < 0.15) p.push(w, word());
        else p.push(w);
      }
      refs.push(r.join(" "));
      preds.push(p.join(" "));
    }
    predOut.write(preds.join("\n") + "\n");
    refOut.write(refs.join("\n") + "\n");
    // check each stream when waiting: one may drain while the other is awaited
    if (predOut.writableNeedDrain) await new Promise<void>((r) => predOut.once("drain", () => r()));
    if (refOut.writableNeedDrain) await new Promise<void>((r) => refOut.once("drain", () => r()));
  }
  await Promise.all([new Promise((r) => predOut.end(r)), new Promise((r) => refOut.end(r))]);
  return { pred, ref };
}

interface WorkerReport {
  n: number;
  ms: number;
  cpuMs: number;
  bleu: number;
  rougeL: number;
  wer: number;
  rssBeforeMb: number;
  maxRssMb: number;
  maxHeapMb: number;
}

function runWorker(pred: string, ref: string): WorkerReport {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(here, "metrics-worker.ts"), pred, ref], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`metrics worker failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as WorkerReport;
}

function measured(name: string, reports: WorkerReport[], clock: "ms" | "cpuMs"): Measurement {
  const times = reports.map((r) => r[clock]);
  return { name, runs: times.length, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) };
}

const bench: Bench = {
  name: "metrics: corpus BLEU + ROUGE-L + WER, streamed from files",
  async run() {
    const dir = mkdtempSync(join(tmpdir(), "arbiter-metrics-bench-"));
    try {
      const lines: string[] = [];
      const g0 = performance.now();
      const small = await generate(dir, 100_000, 20240501);
      const large = await generate(dir, 1_000_000, 20240502);
      lines.push(`generated 100,000 + 1,000,000 seeded pairs of 45-55 words in ${((performance.now() - g0) / 1000).toFixed(1)} s`);

      const smallReports = [runWorker(small.pred, small.ref), runWorker(small.pred, small.ref), runWorker(small.pred, small.ref)];
      const largeReports = [runWorker(large.pred, large.ref), runWorker(large.pred, large.ref)];
      const m100k = measured("100,000 pairs, CPU time", smallReports, "cpuMs");
      const m1m = measured("1,000,000 pairs, CPU time", largeReports, "cpuMs");
      const w100k = measured("100,000 pairs, wall clock", smallReports, "ms");
      const w1m = measured("1,000,000 pairs, wall clock", largeReports, "ms");
      const ratio = m1m.medianMs / m100k.medianMs;
      const ratioOk = ratio >= 9 && ratio <= 11;
      const s = smallReports[0];
      const l = largeReports[0];
      const peak = (rs: WorkerReport[]) => Math.max(...rs.map((r) => r.maxRssMb));
      const heap = (rs: WorkerReport[]) => Math.max(...rs.map((r) => r.maxHeapMb));
      const memRatio = peak(largeReports) / peak(smallReports);
      const memFlat = memRatio < 1.5;

      lines.push(formatMeasurement(m100k, 5000));
      lines.push(formatMeasurement(m1m));
      lines.push(`CPU time ratio 1,000,000 / 100,000 = ${ratio.toFixed(2)}× (target 9-11×: ${ratioOk ? "met" : "MISSED"})`);
      lines.push(formatMeasurement(w100k));
      lines.push(formatMeasurement(w1m));
      lines.push(`wall-clock ratio ${(w1m.medianMs / w100k.medianMs).toFixed(2)}×; load average during the bench ${loadavg().map((x) => x.toFixed(2)).join(" ")} on ${availableCores()} cores`);
      lines.push(
        `peak RSS: ${peak(smallReports).toFixed(0)} MB at 100,000 pairs, ${peak(largeReports).toFixed(0)} MB at 1,000,000 (ratio ${memRatio.toFixed(2)}, flat: ${memFlat ? "yes" : "NO"}); ` +
          `RSS at start ${s.rssBeforeMb.toFixed(0)} MB; peak heap used ${heap(smallReports).toFixed(0)} / ${heap(largeReports).toFixed(0)} MB`,
      );
      lines.push(`scores 100k: BLEU ${s.bleu.toFixed(2)}, ROUGE-L ${s.rougeL.toFixed(4)}, WER ${s.wer.toFixed(4)}; 1M: BLEU ${l.bleu.toFixed(2)}, ROUGE-L ${l.rougeL.toFixed(4)}, WER ${l.wer.toFixed(4)}`);
      lines.push(`throughput ${(100_000 / (m100k.medianMs / 1000)).toFixed(0)} pairs/s (100k), ${(1_000_000 / (m1m.medianMs / 1000)).toFixed(0)} pairs/s (1M)`);
      return { name: bench.name, lines, targetsMet: m100k.medianMs < 5000 && ratioOk && memFlat };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
