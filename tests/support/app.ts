/**
 * Starts the real server (server.ts over the built Remix app) as a child process on a free port,
 * on a fresh database: a new Postgres database when DATABASE_URL is set, else PGlite in a temp folder.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createPostgresDatabase } from "./db.ts";
import { freshPgliteDir } from "./pglite-template.ts";

export const DEMO_PASSWORD = "demo-password-for-tests";

export interface RunningApp {
  baseUrl: string;
  /** The server process, for benches that account CPU by process. */
  pid: number | undefined;
  databaseUrl?: string;
  dataDir?: string;
  output(): string;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, "../..");

export interface StartOptions {
  /** Use this database (not created nor dropped here), e.g. a private cluster a fault test restarts. */
  databaseUrl?: string;
  /** PGlite in this folder (kept after stop), whatever DATABASE_URL says. */
  dataDir?: string;
}

export async function startApp(extraEnv: Record<string, string> = {}, options: StartOptions = {}): Promise<RunningApp> {
  let dataDir: string | undefined;
  let pgDb: { url: string; drop(): Promise<void> } | undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    ARBITER_DEMO_PASSWORD: DEMO_PASSWORD,
    ...extraEnv,
  };
  if (options.databaseUrl) {
    env.DATABASE_URL = options.databaseUrl;
  } else if (options.dataDir) {
    delete env.DATABASE_URL;
    env.ARBITER_DATA_DIR = options.dataDir;
  } else if (process.env.DATABASE_URL) {
    pgDb = await createPostgresDatabase(process.env.DATABASE_URL);
    env.DATABASE_URL = pgDb.url;
  } else {
    delete env.DATABASE_URL;
    dataDir = await freshPgliteDir();
    env.ARBITER_DATA_DIR = dataDir;
  }
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const baseUrl = await new Promise<string>((resolvePromise, reject) => {
    // A backstop, not a wait: 4x a start on a loaded machine (the promise settles on the "listening" line).
    const timer = setTimeout(() => reject(new Error(`server did not start in 240 s:\n${out}`)), 240_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    baseUrl,
    pid: child.pid,
    databaseUrl: pgDb?.url ?? options.databaseUrl,
    dataDir: dataDir ?? options.dataDir,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      if (pgDb) await pgDb.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
