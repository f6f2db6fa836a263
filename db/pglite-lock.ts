/**
 * One process per embedded database directory (issue 16 item 2). PGlite is a single-process
 * Postgres: a second process that opens the same directory works on its own copy in memory and its
 * writes are lost (or clobber the first's) when either flushes. So the server and every CLI command
 * take an exclusive lock file, `arbiter.lock` in the directory, before opening it:
 *
 * - created with O_EXCL (atomic), holding the owner's pid, what it runs, when it started, and the
 *   owner's process start time from /proc (so a pid reused after a crash is not mistaken for it);
 * - a lock whose owner is gone (kill -9, power loss) is stale and taken over;
 * - released on close and, as a last resort, on process exit.
 */
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "./config-error.ts";

export const LOCK_FILE = "arbiter.lock";

interface LockInfo {
  pid: number;
  command: string;
  started_at: string;
  /** Field 22 of /proc/PID/stat (clock ticks after boot); null where there is no /proc. */
  proc_start: string | null;
}

/** A ConfigError, so the server and the CLI both print it as their one line. */
export class DataDirLocked extends ConfigError {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.started_at}): stop the server or use Postgres (DATABASE_URL)`,
    );
  }
}

function procStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function alive(info: LockInfo): boolean {
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const now = procStart(info.pid);
  return !(info.proc_start && now && now !== info.proc_start);
}

function readLock(path: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(path, "utf8")) as LockInfo;
    return Number.isInteger(info.pid) ? info : null;
  } catch {
    return null;
  }
}

function describeSelf(): string {
  const script = process.argv.slice(1).map((a) => a.replace(/^.*\//, ""));
  return script.join(" ").slice(0, 80) || "node";
}

/** Takes the directory's lock or throws DataDirLocked; returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, command: describeSelf(), started_at: new Date().toISOString(), proc_start: procStart(process.pid) };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, JSON.stringify(mine));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw err;
      const holder = readLock(path);
      if (holder === null) {
        // Unreadable: being written this instant, or left empty by a crash between create and
        // write. Only an old one is stale.
        if (Date.now() - statSync(path).mtimeMs < 10_000) throw new DataDirLocked(dataDir, { pid: 0, command: "another process", started_at: "just now", proc_start: null });
      } else if (alive(holder)) throw new DataDirLocked(dataDir, holder);
      unlinkSync(path);
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    const holder = readLock(path);
    if (holder && holder.pid === mine.pid && holder.started_at === mine.started_at) {
      try {
        unlinkSync(path);
      } catch {
        // Already gone: nothing to release.
      }
    }
  };
  process.on("exit", release);
  return release;
}
