/**
 * Child process of readers.bench.ts: reads a CSV with the shared streaming reader
 * (scripts/input/records.ts readCsvRows over app/import), touching every field, and prints one
 * JSON line: rows, the read's wall and CPU time in this process, and this process's peak RSS.
 */
import { readCsvRows } from "../input/records.ts";

const [path] = process.argv.slice(2);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let rows = 0;
let chars = 0;
for await (const batch of readCsvRows(path, () => {})) {
  for (const r of batch) {
    rows++;
    chars += r.fields[0].length + r.fields[r.fields.length - 1].length;
  }
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ rows, chars, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS }) + "\n");
