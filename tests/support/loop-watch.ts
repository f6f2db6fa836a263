/**
 * setupFiles: names the test when the worker's event loop was held for a long stretch (issue 16
 * item 5). vitest's worker waits at most 60 s for each RPC reply (onTaskUpdate and others); a loop
 * held longer ends the run with "Timeout calling onTaskUpdate", which names no test. The static
 * guard (tests/unit/no-sync-spawn.test.ts) covers synchronous child processes; this catches the
 * rest (long synchronous computation, synchronous I/O) while it is still well under the limit.
 * Diagnostic only: it writes one stderr line and never fails a test.
 */
import { afterEach, beforeEach, expect } from "vitest";

const WARN_MS = 20_000;
const TICK_MS = 1_000;

// Captured now, so a test's fake timers (vi.useFakeTimers, which may fake performance) do not stop the watch.
const clock = performance.now.bind(performance);
const realSetInterval = setInterval;
let current = "(before the first test)";
let last = clock();

function report(held: number, where: string): void {
  process.stderr.write(
    `[loop-watch] the event loop was held ${(held / 1000).toFixed(1)} s ${where} (${expect.getState().testPath ?? "?"}); ` +
      `over 60 s vitest fails the run with "Timeout calling onTaskUpdate": make that work asynchronous\n`,
  );
}

beforeEach(() => {
  current = expect.getState().currentTestName ?? "(unnamed test)";
});
// A sync test body runs to its end before any timer: look at the gap since the last tick here, so
// the report names the test that held the loop, not the one after it.
afterEach(() => {
  const held = clock() - last - TICK_MS;
  if (held > WARN_MS) report(held, `in "${current}"`);
  last = clock();
  current = `(after "${current}")`;
});

// Catches hooks
// (beforeAll/afterAll) and awaited tests that hold the loop between two of their awaits.
const timer = realSetInterval(() => {
  const now = clock();
  const held = now - last - TICK_MS;
  last = now;
  if (held > WARN_MS) report(held, `in or after "${current}"`);
}, TICK_MS);
timer.unref();
