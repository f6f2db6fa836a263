/**
 * Child process of readers.bench.ts: reads a CSV with the shared streaming reader
 * (scripts/input/records.ts: visitCsvRows, the row visitor `arbiter agreement` uses, and
 * readCsvRows, the batches of rows), touching fields of every row, and prints one
 * JSON line: rows, the read's wall and CPU time in this process, and this process's peak RSS.
 */
import { readCsvRows, visitCsvRows } from "../input/records.ts";

const [path, mode = "visit"] = process.argv.slice(2);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let rows = 0;
let chars = 0;
if (mode === "visit") {
  await visitCsvRows(path, () => {}, (fields) => {
    rows++;
    chars += fields[0].length + fields[fields.length - 1].length;
  });
} else {
  for await (const batch of readCsvRows(path, () => {})) {
    for (const r of batch) {
      rows++;
      chars += r.fields[0].length + r.fields[r.fields.length - 1].length;
    }
  }
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ rows, chars, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS }) + "\n");
