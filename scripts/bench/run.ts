/**
 * `npm run bench [-- NAME...]`: runs every scripts/bench/*.bench.ts (or those whose file name
 * contains one of the given words) one after another, and prints their figures.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Bench } from "./harness.ts";

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();

let missed = 0;
console.log(`arbiter bench on node ${process.version}, ${new Date().toISOString()}`);
for (const file of files) {
  const mod = (await import(join(here, file))) as { default: Bench };
  const bench = mod.default;
  console.log(`\n== ${bench.name} (${file})`);
  const t0 = performance.now();
  const result = await bench.run();
  for (const line of result.lines) console.log(`  ${line}`);
  console.log(`  targets: ${result.targetsMet ? "met" : "MISSED"} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  if (!result.targetsMet) missed++;
}
console.log(`\n${files.length} benches, ${missed} with a missed target`);
