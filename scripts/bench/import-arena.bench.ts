/**
 * Arena import throughput (issue 18 item 2): N battles (default 1,000,000) as JSON Lines with their
 * two one-turn conversations, imported with `arbiter import arena` into a fresh Postgres database:
 * per battle a case, two outputs, a comparison and an imported judgment, in one transaction.
 * Targets: < 60 s, < 300 MB added RSS. BENCH_ARENA_BATTLES changes N; BENCH_ARENA_RUNS the runs.
 */
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { once } from "node:events";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { median, type Bench } from "./harness.ts";

const N = Number(process.env.BENCH_ARENA_BATTLES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_ARENA_RUNS ?? 3);
const MODELS = Array.from({ length: 20 }, (_, i) => `model-${i}`);
const WINNERS = ["model_a", "model_b", "tie", "tie (bothbad)"];
const WORDS = "what is the best way to learn a new language quickly and remember words".split(" ");
const text = (i: number, len: number) => Array.from({ length: len }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(" ");
const here = dirname(fileURLToPath(import.meta.url));

type Result = { seconds: number; peakMb: number; startMb: number; cases: number; outputs: number; judgments: number };

const bench: Bench = {
  name: `import ${N.toLocaleString()} Arena battles (arbiter import arena)`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), "arbiter-bench-arena-"));
    const file = join(dir, "battles.jsonl");
    const lines: string[] = [];
    try {
      const out = createWriteStream(file);
      for (let i = 0; i < N; i++) {
        const a = MODELS[i % 20];
        const b = MODELS[(i * 7 + 3) % 20 === i % 20 ? (i + 1) % 20 : (i * 7 + 3) % 20];
        const q = text(i, 12);
        const row = {
          question_id: `q${i}`, model_a: a, model_b: b, winner: WINNERS[i % 4], judge: `arena_user_${i % 5000}`, turn: 1, language: "English",
          conversation_a: [{ role: "user", content: q }, { role: "assistant", content: text(i + 1, 30) }],
          conversation_b: [{ role: "user", content: q }, { role: "assistant", content: text(i + 2, 30) }],
        };
        if (!out.write(JSON.stringify(row) + "\n")) await once(out, "drain");
      }
      out.end();
      await once(out, "finish");
      const runs: Result[] = [];
      for (let r = 0; r < RUNS; r++) {
        const run = spawnSync(process.execPath, ["--import", "tsx", join(here, "import-arena-worker.ts"), "postgres", file], { encoding: "utf8", env: process.env, timeout: 1_800_000 });
        if (run.status !== 0) throw new Error(`arena import failed: ${run.stderr}`);
        runs.push(JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Result);
      }
      const s = median(runs.map((r) => r.seconds));
      const growth = Math.max(...runs.map((r) => r.peakMb - r.startMb));
      const r0 = runs[0];
      const ok = s < 60 && growth < 300 && r0.judgments === N;
      lines.push(`postgres: median of ${RUNS} runs ${s.toFixed(1)} s [${runs.map((r) => r.seconds.toFixed(1)).join(", ")}], ${Math.round(N / s).toLocaleString()} battles/s; wrote ${r0.cases} cases, ${r0.outputs} outputs, ${r0.judgments} judgments per run`);
      lines.push(`machine: load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(", ")} on ${(await import("node:os")).cpus().length} cores when the runs ended`);
      lines.push(`memory: the import adds at most ${growth.toFixed(0)} MB RSS (peak ${Math.max(...runs.map((r) => r.peakMb)).toFixed(0)} MB) (targets < 60 s, < 300 MB: ${ok ? "met" : "MISSED"})`);
      return { name: this.name, lines, targetsMet: ok };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default bench;
