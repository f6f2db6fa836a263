import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "app/**/*.test.ts", "db/**/*.test.ts", "judges/**/*.test.ts", "scripts/**/*.test.ts"],
    // Budgets that hold at 4x slowdown (a 2-core machine at load 5-7, issue 16 item 5): tests wait
    // for events, so a budget only decides how long a hung test takes to fail.
    testTimeout: 120_000,
    hookTimeout: 480_000,
    teardownTimeout: 60_000,
    // expect.poll waits for an event, so its budget only bounds a hung page; vitest's 1 s default
    // failed e2e assertions on a loaded machine (a re-render after a submit took longer).
    expect: { poll: { timeout: 30_000, interval: 50 } },
    // A worker's RPC messages to the main process (onTaskUpdate, console logs, module fetches) get
    // a fixed 60 s reply deadline in vitest 3 ("Timeout calling onTaskUpdate"). Tests therefore
    // never block their worker's event loop (tests/unit/no-sync-spawn.test.ts; commands run through
    // tests/support/run-cli.ts), and the main process is kept light: no live summary renderer,
    // which on a terminal redraws every few milliseconds and intercepts every write.
    pool: "forks",
    reporters: [["default", { summary: false }]],
    // Names a test that holds its worker's event loop over 20 s (the 60 s deadline above).
    setupFiles: ["tests/support/loop-watch.ts"],
  },
  resolve: {
    alias: { "~": new URL("./app", import.meta.url).pathname },
  },
});
