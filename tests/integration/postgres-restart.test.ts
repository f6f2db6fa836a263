/**
 * Issue 16 item 1: the server survives a Postgres restart under load. Before: with annotators
 * submitting, a restart killed the Node process ("Unhandled 'error' event" on a client in use).
 *
 * A private cluster (never the shared one) is stopped while 20 annotators claim and submit over
 * HTTP, kept down until the outage has been seen (/healthz 503 and a 503 on the task API), then
 * started again. Checked: the server process is alive, every answer during the outage was the
 * 503 JSON with Retry-After (no 500), every acknowledged judgment is in the database, and
 * judgments are acknowledged again within 10 s of the database accepting connections.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/services/password.server.ts";
import { openForJudging } from "../../db/comparisons.ts";
import { connect } from "../../db/connect.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { makeHumanFixture } from "../db/human-fixture.ts";
import { startApp, type RunningApp } from "../support/app.ts";
import { privatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from "../support/private-postgres.ts";

const ANNOTATORS = 20;
const PASSWORD = "restart-test-password";

/** Resolves when cond() holds, checked whenever notify() is called. */
class Signal {
  #waiters: { cond: () => boolean; resolve: () => void }[] = [];
  notify() {
    this.#waiters = this.#waiters.filter((w) => (w.cond() ? (w.resolve(), false) : true));
  }
  until(cond: () => boolean): Promise<void> {
    if (cond()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ cond, resolve }));
  }
}

describe.skipIf(!privatePostgresAvailable)("a Postgres restart under load", () => {
  let cluster: PrivatePostgres;
  let app: RunningApp;
  let evalId: number;
  const emails: string[] = [];

  beforeAll(async () => {
    cluster = await startPrivatePostgres();
    const h = await connect({ databaseUrl: cluster.url });
    await migrateToLatest(h.db);
    const f = await makeHumanFixture(h.db, { cases: 300, annotators: 0, name: "restart" });
    evalId = f.evalId;
    await openForJudging(h.db, evalId, { k: 3, actorId: null });
    const hash = await hashPassword(PASSWORD);
    for (let i = 0; i < ANNOTATORS; i++) emails.push(`r${i}@x.test`);
    await h.db.insertInto("users").values(emails.map((email, i) => ({ email, name: `R${i}`, role: "annotator" as const, password_hash: hash }))).execute();
    await h.close();
    app = await startApp({ ARBITER_NO_DEMO: "1", ARBITER_DB_POOL_SIZE: "10" }, { databaseUrl: cluster.url });
  }, 240_000);

  afterAll(async () => {
    await app?.stop();
    await cluster?.destroy();
  });

  // Budget: initdb and a server start are in beforeAll; this is two cluster stops/starts and load.
  it("stays up, answers 503 JSON during the outage, loses no acknowledged judgment and is back within 10 s", { timeout: 240_000 }, async () => {
    const signal = new Signal();
    const acknowledged = new Set<number>();
    const statuses = new Map<number, number>();
    const bad: string[] = [];
    let outage503 = 0;
    let ackAfterBack: number | null = null;
    let dbBackAt: number | null = null;
    let stopping = false;

    // The server gone (as before the fix): every wait ends and the assertions say what happened.
    let serverGone = false;
    const request = async (url: string, init?: RequestInit) => {
      try {
        return await fetch(url, init);
      } catch (err) {
        bad.push(`request failed (server gone?): ${String((err as Error).cause ?? err)}`);
        serverGone = stopping = true;
        signal.notify();
        return null;
      }
    };
    const post = async (path: string, cookie: string, body?: unknown) => {
      const res = await request(`${app.baseUrl}${path}`, {
        method: "POST",
        headers: { cookie, origin: app.baseUrl, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res) return { status: 0, json: null };
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const text = await res.text();
      if (res.status === 503) {
        if (text !== JSON.stringify({ error: "database unavailable, retry" }) || res.headers.get("retry-after") !== "2" || !res.headers.get("content-type")?.startsWith("application/json")) {
          bad.push(`503 ${text} retry-after=${res.headers.get("retry-after")}`);
        }
        outage503++;
        signal.notify();
      } else if (res.status >= 500) bad.push(`${res.status} on ${path}: ${text.slice(0, 200)}`);
      return { status: res.status, json: res.status < 500 ? (JSON.parse(text) as Record<string, unknown>) : null };
    };
    const signIn = async (email: string) => {
      const res = await fetch(`${app.baseUrl}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: app.baseUrl },
        body: new URLSearchParams({ email, password: PASSWORD, next: "" }),
      });
      expect(res.status).toBe(302);
      return res.headers.get("set-cookie")!.split(";")[0];
    };
    // An annotator: claim, submit, and on a 503 retry the same request (submits are idempotent).
    const annotate = async (cookie: string) => {
      const pause = () => new Promise((r) => setTimeout(r, 100));
      while (!stopping) {
        const next = await post(`/api/tasks/next?eval=${evalId}`, cookie);
        if (next.status !== 200) {
          await pause();
          continue;
        }
        const task = next.json!.task as { task_id: string } | null;
        if (!task) break;
        for (;;) {
          const r = await post(`/api/tasks/${task.task_id}/judgment`, cookie, { choice: "left", ratings: {} });
          if (r.status === 201 || r.status === 200) {
            const id = r.json!.judgment_id;
            if (typeof id === "number") acknowledged.add(id);
            if (dbBackAt !== null && ackAfterBack === null) ackAfterBack = Date.now() - dbBackAt;
            signal.notify();
            break;
          }
          if (r.status !== 503 || stopping) break;
          await pause();
        }
      }
    };
    const health: number[] = [];
    const watchHealth = async () => {
      while (!stopping) {
        const res = await request(`${app.baseUrl}/healthz`);
        if (!res) break;
        await res.arrayBuffer();
        health.push(res.status);
        signal.notify();
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    const cookies = await Promise.all(emails.map(signIn));
    const load = Promise.all([...cookies.map(annotate), watchHealth()]);
    await signal.until(() => acknowledged.size >= 40 || serverGone);
    const before = acknowledged.size;
    await cluster.stop("fast");
    // Down until the server has told both kinds of client so.
    await signal.until(() => (health.includes(503) && outage503 > 0) || serverGone);
    await cluster.start();
    dbBackAt = Date.now();
    const afterStart = acknowledged.size;
    await signal.until(() => acknowledged.size >= afterStart + 40 || serverGone);
    stopping = true;
    await load;

    expect(bad).toEqual([]);
    expect(process.kill(app.pid!, 0)).toBe(true);
    expect(app.output()).not.toMatch(/Unhandled 'error' event|uncaughtException/);
    expect(ackAfterBack).not.toBeNull();
    expect(ackAfterBack!).toBeLessThan(10_000);
    expect(health.at(-1)).toBe(200);
    // No acknowledged judgment lost.
    const h = await connect({ databaseUrl: cluster.url });
    try {
      const rows = await sql<{ id: number }>`select id from judgments where id = any(${[...acknowledged]}::integer[])`.execute(h.db);
      expect(rows.rows.length).toBe(acknowledged.size);
    } finally {
      await h.close();
    }
    console.log(JSON.stringify({ acknowledged: acknowledged.size, before_stop: before, back_after_ms: ackAfterBack, statuses: Object.fromEntries(statuses), outage503 }));
  });
});
