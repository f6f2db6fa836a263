/**
 * Child process of metrics.bench.ts: streams a prediction file and a reference file in lockstep (as
 * `arbiter score` does) through corpus BLEU, ROUGE-L and WER together, then prints one JSON line with the
 * scoring time (wall clock and CPU time of this single-threaded process), the peak RSS of this process and the largest heap seen. A process of its own per run, so
 * the peak memory belongs to that run alone.
 */
import { pairedBatches } from "../commands/score.ts";
import { CorpusBleu } from "../../app/core/metrics/bleu.ts";
import { CorpusWer } from "../../app/core/metrics/wer.ts";
import { rougeAccumulator } from "../../app/core/metrics/rouge.ts";

const [predPath, refPath] = process.argv.slice(2);
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const bleu = new CorpusBleu();
const rougeL = rougeAccumulator("rougeL");
const wer = new CorpusWer();
let maxHeap = 0;
for await (const batch of pairedBatches(predPath, refPath)) {
  for (let i = 0; i < batch.pred.length; i++) {
    const p = batch.pred[i];
    const r = batch.ref[i];
    bleu.add(p, r);
    rougeL.add(p, r);
    wer.add(p, r);
  }
  maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
process.stdout.write(
  JSON.stringify({
    n: bleu.n,
    ms,
    cpuMs,
    bleu: bleu.result(),
    rougeL: rougeL.result(),
    wer: wer.result(),
    rssBeforeMb: rssBefore / 2 ** 20,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    maxHeapMb: maxHeap / 2 ** 20,
  }) + "\n",
);
