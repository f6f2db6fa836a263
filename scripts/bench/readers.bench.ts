/**
 * Issue 18 item 5, `npm run bench -- readers`: the shared streaming reader and `arbiter agreement`
 * as whole processes beside the Python peers on the same files (scripts/bench/peers: pandas'
 * read_csv, scikit-learn's cohen_kappa_score, statsmodels' fleiss_kappa and the krippendorff
 * package's numpy method, or, where one is not installed, the same computation in numpy after the
 * csv module's reader; every peer prints which it used and its value, which must equal ours).
 * Targets: the reader parses 1,000,000 item,rater,label rows at least as fast as the peer reader;
 * Cohen's and Fleiss' kappa on 1,000,000 ratings within 1.2x the peer's whole-process time;
 * Krippendorff's alpha on 700,000 ratings at or below it; the reader's peak memory flat in the
 * file's size (1,000,000 rows within 1.25x of 250,000); the default interval (1,000 bootstrap
 * resamples) on 700,000 ratings under 10 s. Every figure is the median of 3 runs, CPU seconds
 * (user + system, from /usr/bin/time) beside wall seconds, also as a ratio to a same-run `node -e 0`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { median, type Bench } from "./harness.ts";
import { createRng } from "../../app/core/stats/rng.ts";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const RUNS = 3;
const TIME = "/usr/bin/time";

interface Run {
  wall: number;
  cpu: number | null;
  rssKb: number | null;
  stdout: string;
}

function runProcess(command: string, args: string[], dir: string): Run {
  const out = join(dir, "time.txt");
  const timed = existsSync(TIME);
  const t0 = performance.now();
  const r = timed
    ? spawnSync(TIME, ["-f", "%e %U %S %M", "-o", out, command, ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 })
    : spawnSync(command, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${r.stderr}`);
  if (!timed) return { wall, cpu: null, rssKb: null, stdout: r.stdout };
  const [, user, sys, rss] = readFileSync(out, "utf8").trim().split(/\s+/).map(Number);
  return { wall, cpu: user + sys, rssKb: rss, stdout: r.stdout };
}

interface Figure {
  wall: number;
  cpu: number | null;
  rssKb: number | null;
  stdout: string;
}

function measureProcess(command: string, args: string[], dir: string): Figure {
  const runs = Array.from({ length: RUNS }, () => runProcess(command, args, dir));
  const cpus = runs.map((r) => r.cpu).filter((c): c is number => c !== null);
  const rss = runs.map((r) => r.rssKb).filter((c): c is number => c !== null);
  return {
    wall: median(runs.map((r) => r.wall)),
    cpu: cpus.length ? median(cpus) : null,
    rssKb: rss.length ? median(rss) : null,
    stdout: runs[0].stdout,
  };
}

/** Writes item,rater,label rows: `items` items, `perItem` of `raters` raters each, labels 1..5 mostly agreeing. */
function ratingsFile(path: string, items: number, perItem: number, raters: number, seed: string): number {
  const rng = createRng(seed);
  const parts: string[] = ["item,rater,label\n"];
  let n = 0;
  for (let i = 0; i < items; i++) {
    const truth = 1 + rng.int(5);
    const chosen = new Set<number>();
    while (chosen.size < perItem) chosen.add(rng.int(raters));
    for (const r of chosen) {
      parts.push(`i${i},r${r},${rng.next() < 0.6 ? truth : 1 + rng.int(5)}\n`);
      n++;
    }
  }
  writeFileSync(path, parts.join(""));
  return n;
}

const fmt = (s: number) => s.toFixed(2);

const bench: Bench = {
  name: "readers and agreement against the Python peers",
  async run() {
    const lines: string[] = [];
    let met = true;
    const dir = mkdtempSync(join(tmpdir(), "arbiter-readers-"));
    try {
      const cohen = join(dir, "cohen.csv");
      const fleiss = join(dir, "fleiss.csv");
      const alpha = join(dir, "alpha.csv");
      const small = join(dir, "small.csv");
      lines.push(`files: ${ratingsFile(cohen, 500_000, 2, 2, "cohen")} ratings (500,000 items x 2 raters), ${ratingsFile(fleiss, 250_000, 4, 4, "fleiss")} (250,000 x 4), ` +
        `${ratingsFile(alpha, 175_000, 4, 10, "alpha")} for alpha (175,000 units x 4 of 10 coders), ${ratingsFile(small, 125_000, 2, 2, "small")} for the memory check`);

      const python = spawnSync("python3", ["-c", "import numpy"], { encoding: "utf8" }).status === 0;
      const node = measureProcess(process.execPath, ["-e", "0"], dir);
      const base = node.cpu ?? node.wall;
      const ratio = (f: Figure) => ((f.cpu ?? f.wall) / base).toFixed(1);
      const describe = (name: string, f: Figure) =>
        `${name}: cpu ${f.cpu === null ? "n/a" : fmt(f.cpu)} s, wall ${fmt(f.wall)} s (${ratio(f)}x node -e 0)`;
      lines.push(describe("baseline node -e 0", node));
      if (!python) lines.push("python3 with numpy is not installed: the peer comparisons are skipped, figures are ratios to node -e 0 only");

      // The reader, in process: parse time of the 1,000,000-row file.
      const worker = (file: string, mode = "visit") => measureProcess(process.execPath, ["--import", "tsx", join(here, "reader-worker.ts"), file, mode], dir);
      const batches = worker(cohen, "batches");
      const batchesInner = JSON.parse(batches.stdout) as { ms: number; cpuMs: number };
      lines.push(`shared reader (readCsvRows, batches of rows), 1,000,000 rows: read ${fmt(batchesInner.cpuMs / 1000)} s cpu, ${fmt(batchesInner.ms / 1000)} s wall in process`);
      const ours = worker(cohen);
      const oursInner = JSON.parse(ours.stdout) as { rows: number; ms: number; cpuMs: number; maxRssKb: number };
      lines.push(`shared reader (visitCsvRows, as agreement reads), 1,000,000 rows: read ${fmt(oursInner.cpuMs / 1000)} s cpu, ${fmt(oursInner.ms / 1000)} s wall in process; ${describe("whole process", ours)}`);
      if (python) {
        const peer = measureProcess("python3", [join(here, "peers", "peer_read_csv.py"), cohen], dir);
        const inner = JSON.parse(peer.stdout) as { ms: number; cpuMs: number; reader: string };
        lines.push(`peer ${inner.reader}: read ${fmt(inner.cpuMs / 1000)} s cpu, ${fmt(inner.ms / 1000)} s wall in process; ${describe("whole process", peer)}`);
        const r = oursInner.cpuMs / inner.cpuMs;
        lines.push(`  reader / peer read (cpu): ${r.toFixed(2)} (target <= 1: ${r <= 1 ? "met" : "MISSED"})`);
        if (r > 1) met = false;
      }
      const smallRun = worker(small);
      const smallInner = JSON.parse(smallRun.stdout) as { maxRssKb: number };
      const growth = oursInner.maxRssKb / smallInner.maxRssKb;
      lines.push(`reader peak RSS: ${(smallInner.maxRssKb / 1024).toFixed(0)} MB on 250,000 rows, ${(oursInner.maxRssKb / 1024).toFixed(0)} MB on 1,000,000 (x${growth.toFixed(2)}; target <= 1.25: ${growth <= 1.25 ? "met" : "MISSED"})`);
      if (growth > 1.25) met = false;

      const arbiter = (args: string[]) => measureProcess(process.execPath, [join(root, "scripts", "bin", "arbiter.js"), "agreement", ...args], dir);
      const cases: { name: string; file: string; metric: string; peer: string; target: number }[] = [
        { name: "cohen, 1,000,000 ratings", file: cohen, metric: "cohen", peer: "peer_cohen.py", target: 1.2 },
        { name: "fleiss, 1,000,000 ratings", file: fleiss, metric: "fleiss", peer: "peer_fleiss.py", target: 1.2 },
        { name: "krippendorff, 700,000 ratings", file: alpha, metric: "krippendorff", peer: "peer_krippendorff.py", target: 1.0 },
      ];
      for (const c of cases) {
        const ours = arbiter([c.file, "--metric", c.metric, "--bootstrap", "0"]);
        const value = (JSON.parse(ours.stdout) as { value: number }).value;
        lines.push(describe(`arbiter agreement --metric ${c.name} (no interval)`, ours) + `, value ${value}`);
        if (!python) continue;
        const peer = measureProcess("python3", [join(here, "peers", c.peer), c.file], dir);
        lines.push(describe(`  peer ${peer.stdout.trim()}`, peer));
        const r = (ours.cpu ?? ours.wall) / (peer.cpu ?? peer.wall);
        lines.push(`  arbiter / peer (cpu): ${r.toFixed(2)} (target <= ${c.target}: ${r <= c.target ? "met" : "MISSED"})`);
        if (r > c.target) met = false;
      }
      const withInterval = arbiter([alpha, "--metric", "krippendorff"]);
      // On the shared 2-core machine wall time mostly measures the other engineers' load; the
      // target is judged on CPU seconds when /usr/bin/time gives them.
      const spent = withInterval.cpu ?? withInterval.wall;
      lines.push(describe("arbiter agreement --metric krippendorff, 700,000 ratings, default 1,000-resample interval", withInterval) +
        ` (target < 10 s ${withInterval.cpu === null ? "wall" : "cpu"}: ${spent < 10 ? "met" : "MISSED"})`);
      if (spent >= 10) met = false;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return { name: "readers and agreement against the Python peers", lines, targetsMet: met };
  },
};

export default bench;
