/**
 * Every page of issue 15 at the demo's size, over HTTP against the real server on a fresh Postgres
 * database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres): 20 loads each after
 * 2 warm-ups, as a signed-in lead (owner for the owner's home). Target: p95 < 300 ms per page.
 * The 100,000-case explorer is explore.bench.ts.
 */
import { startApp } from "../../tests/support/app.ts";
import { median, type Bench } from "./harness.ts";

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(0.95 * xs.length) - 1)];

async function signIn(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: base }, body: new URLSearchParams({ email, password }).toString(), redirect: "manual" });
  const c = res.headers.get("set-cookie");
  if (!c) throw new Error(`sign-in as ${email} failed: HTTP ${res.status}`);
  return c.split(";")[0];
}

const bench: Bench = {
  name: "pages at demo size over HTTP (Postgres)",
  async run() {
    process.env.DATABASE_URL ||= "postgres://postgres@127.0.0.1:5432/postgres";
    const app = await startApp();
    const lines: string[] = [];
    let met = true;
    try {
      const lead = await signIn(app.baseUrl, "lead@arbiter.local", "demo-password-for-tests");
      const pages = [
        "/evals/1/report",
        "/evals/1/human",
        "/evals/1/judge",
        "/evals/1/data",
        "/evals/1/explore",
        "/evals/1/explore?assert=fail&suite=general",
        "/evals/1/explore?q=refund",
        "/evals/1/snapshots",
        "/evals/1/snapshots?a=1&b=1",
        "/people",
        "/endpoints",
        "/account",
        "/lead/new",
      ];
      for (const p of pages) {
        const times: number[] = [];
        for (let i = 0; i < 22; i++) {
          const t = performance.now();
          const r = await fetch(`${app.baseUrl}${p}`, { headers: { cookie: lead } });
          await r.text();
          if (r.status !== 200) throw new Error(`${p}: HTTP ${r.status}`);
          if (i >= 2) times.push(performance.now() - t);
        }
        const q = p95(times);
        if (q >= 300) met = false;
        lines.push(`${p}: median ${median(times).toFixed(1)} ms, p95 ${q.toFixed(1)} ms (target < 300 ms: ${q < 300 ? "met" : "MISSED"})`);
      }
    } finally {
      await app.stop();
    }
    return { name: "pages", lines, targetsMet: met };
  },
};

export default bench;
