/**
 * Sign-ins must not starve the server (issue 14 item 6): `/healthz` latency while 16 clients sign
 * in concurrently, flat out, against the real server (tests/support/app.ts). Sign-in hashes with
 * scrypt (N = 2^15) in libuv's thread pool; app/services/password.server.ts runs one hash at a time.
 *
 * Each run: 16 sign-in loops with the correct password (so throttling never applies) for 4 s, one
 * /healthz after another meanwhile; the run's figure is the p99 of those /healthz times. Reported:
 * the median over 3 runs, the idle /healthz p99 measured in the same process, and sign-ins per
 * second. Target: loaded /healthz p99 < 50 ms. BENCH_LOGIN_UNBOUNDED=1 also measures a server with
 * 16 hashes allowed at once (about the behaviour before the bound) for comparison.
 */
import { DEMO_PASSWORD, startApp, type RunningApp } from "../../tests/support/app.ts";
import { quantile } from "../../app/core/stats/quantile.ts";
import { median, type Bench } from "./harness.ts";

const CLIENTS = 16;
const SECONDS = 4;
const RUNS = 3;

async function healthz(app: RunningApp): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${app.baseUrl}/healthz`);
  await res.arrayBuffer();
  return performance.now() - t0;
}

async function run(app: RunningApp, load: boolean): Promise<{ p99: number; signIns: number }> {
  const end = performance.now() + SECONDS * 1000;
  let signIns = 0;
  const clients = load
    ? Array.from({ length: CLIENTS }, async (_, i) => {
        while (performance.now() < end) {
          const res = await fetch(`${app.baseUrl}/login`, {
            method: "POST",
            redirect: "manual",
            headers: { "content-type": "application/x-www-form-urlencoded", origin: app.baseUrl, "x-forwarded-for": `10.9.0.${i}` },
            body: new URLSearchParams({ email: "ann1@arbiter.local", password: DEMO_PASSWORD, next: "" }),
          });
          await res.arrayBuffer();
          if (res.status === 302) signIns++;
        }
      })
    : [];
  const times: number[] = [];
  while (performance.now() < end) times.push(await healthz(app));
  await Promise.all(clients);
  return { p99: quantile([...times].sort((a, b) => a - b), 0.99), signIns: signIns / SECONDS };
}

async function measureServer(env: Record<string, string>): Promise<{ idle: number; loaded: number; rate: number }> {
  const app = await startApp({ LOG_LEVEL: "error", ARBITER_TRUST_PROXY: "loopback", ARBITER_LOGIN_MAX_FAILURES: "1000000", ...env });
  try {
    for (let i = 0; i < 20; i++) await healthz(app); // warm-up
    const idle: number[] = [];
    const loaded: number[] = [];
    const rate: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      idle.push((await run(app, false)).p99);
      const l = await run(app, true);
      loaded.push(l.p99);
      rate.push(l.signIns);
    }
    return { idle: median(idle), loaded: median(loaded), rate: median(rate) };
  } finally {
    await app.stop();
  }
}

const bench: Bench = {
  name: "healthz under 16 concurrent sign-ins",
  async run() {
    const bounded = await measureServer({});
    const lines = [
      `bounded (1 hash at a time): /healthz p99 idle ${bounded.idle.toFixed(1)} ms, under ${CLIENTS} sign-in loops ${bounded.loaded.toFixed(1)} ms (median of ${RUNS} runs of ${SECONDS} s); ${bounded.rate.toFixed(1)} sign-ins/s; target < 50 ms`,
    ];
    if (process.env.BENCH_LOGIN_UNBOUNDED === "1") {
      const unbounded = await measureServer({ ARBITER_HASH_CONCURRENCY: String(CLIENTS) });
      lines.push(`unbounded (${CLIENTS} at once): /healthz p99 idle ${unbounded.idle.toFixed(1)} ms, loaded ${unbounded.loaded.toFixed(1)} ms; ${unbounded.rate.toFixed(1)} sign-ins/s`);
    }
    return { name: "login", lines, targetsMet: bounded.loaded < 50 };
  },
};
export default bench;
