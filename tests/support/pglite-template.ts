/**
 * Fresh PGlite directories for servers under test, copied from one initdb'd template per PGlite
 * version (issue 16 item 5). initdb is most of a PGlite server's first start: 20-40 s on a loaded
 * 2-core machine, which made every e2e test that starts an app slow (judge-page starts two). A
 * copy takes well under a second; migrations and demo data still run at the server's start.
 */
import { cp } from "node:fs/promises";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { initDataDirApart } from "../../db/pglite-options.ts";

const ROOT = resolve(import.meta.dirname, "../..");

function pgliteVersion(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, "node_modules/@electric-sql/pglite/package.json"), "utf8")) as { version: string };
  return pkg.version;
}

let template: string | undefined;

async function ensureTemplate(): Promise<string> {
  if (template) return template;
  const path = join(tmpdir(), `arbiter-pglite-template-${pgliteVersion()}`);
  if (!existsSync(join(path, "PG_VERSION"))) {
    // Built aside and renamed into place: another test process sees all of it or none of it.
    const building = mkdtempSync(join(tmpdir(), "arbiter-pglite-building-"));
    await initDataDirApart(building);
    try {
      renameSync(building, path);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another process was first
    }
  }
  template = path;
  return path;
}

/** A new PGlite data directory holding an empty, initialised cluster. */
export async function freshPgliteDir(prefix = "arbiter-e2e-"): Promise<string> {
  const from = await ensureTemplate();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // Asynchronous: a synchronous copy holds the test worker's event loop (and its RPC replies) for its whole length.
  await cp(from, dir, { recursive: true });
  return dir;
}
