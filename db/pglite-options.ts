/**
 * How PGlite is started (issue 16 items 6 and 7). Measured on this machine after one `select 1`
 * (node's RSS, `npm run bench -- startup` reproduces them):
 *
 * - PGlite starts Postgres with shared_buffers=128MB, which the WebAssembly heap touches and
 *   keeps: 313 MB for a bare process on an existing directory, 196 MB with 16MB. An embedded
 *   single-user database for one team's evals needs no more; Postgres is the answer for more.
 * - The first start runs initdb in the same process: 633-786 MB resident afterwards, gc() or not.
 *   So a missing directory is created by a short-lived child process (db/pglite-init.mjs) and
 *   the server opens the result like any existing directory.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { PGliteOptions } from "@electric-sql/pglite";

export const PGLITE_SHARED_BUFFERS = "16MB";

/** defaults: PGlite.defaultStartParams (passed in, so that this module does not load PGlite). */
export function pgliteOptions(defaults: readonly string[]): PGliteOptions {
  return { startParams: [...defaults, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`] };
}

/** Runs initdb for a new directory in a child process; nothing when the directory holds a database. */
export async function initDataDirApart(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, "PG_VERSION"))) return;
  const script = join(import.meta.dirname, "pglite-init.mjs");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [script, dataDir], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`creating the embedded database in ${dataDir} failed: ${err.trim() || `exit ${code}`}`))));
  });
}
