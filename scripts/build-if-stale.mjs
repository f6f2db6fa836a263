#!/usr/bin/env node
// `npm start`: reuse build/ when it is newer than every source it is built from, else run
// `remix build` (issue 16 item 6: a restart no longer pays ~20 s of rebuilding on a loaded machine).
// Plain JavaScript, so the check itself costs a bare node start-up, not a TypeScript loader.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const BUILT = ["build/index.js", "public/build"];
const SOURCES = ["app", "remix.config.js", "package.json", "package-lock.json", "tsconfig.json", "db", "judges"];

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    t = Math.max(t, newest(join(path, entry)));
  }
  return t;
}

const built = BUILT.every(existsSync) ? statSync("build/index.js").mtimeMs : 0;
const sources = Math.max(...SOURCES.map(newest));
if (built > sources && process.env.ARBITER_REBUILD !== "1") {
  process.stdout.write("build/ is newer than the sources: starting from it (ARBITER_REBUILD=1 to rebuild)\n");
} else {
  const r = spawnSync("npx", ["remix", "build"], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}
