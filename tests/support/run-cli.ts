/**
 * Runs a command without blocking the test worker's event loop (issue 16 item 5). vitest's worker
 * talks to the main process over RPC with a fixed 60 s reply deadline ("Timeout calling
 * onTaskUpdate"); a spawnSync that takes over a minute on a loaded machine freezes the worker,
 * and when it resumes the expired timer fires before the waiting reply is read. This is the async
 * equivalent of a synchronous spawn with encoding "utf8": same status/signal/stdout/stderr,
 * same SIGTERM on `timeout`, stdin closed at once (or fed `input`).
 */
import { spawn } from "node:child_process";

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started. */
  error?: Error;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds before the process is sent SIGTERM, as spawnSync's `timeout`. */
  timeout?: number;
  input?: string;
}

export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let error: Error | undefined;
    let settled = false;
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.stdin.on("error", () => {}); // the child may exit without reading its input
    child.stdin.end(options.input);
    const timer = options.timeout ? setTimeout(() => child.kill("SIGTERM"), options.timeout) : undefined;
    const finish = (status: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      // Decoded once at the end, so a multi-byte character split across chunks stays whole.
      resolve({ status, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), ...(error ? { error } : {}) });
    };
    child.on("error", (e) => {
      error = e;
      if (child.pid === undefined) finish(null, null); // never started: no "close" will come
    });
    child.on("close", (code, signal) => finish(code, signal));
  });
}
