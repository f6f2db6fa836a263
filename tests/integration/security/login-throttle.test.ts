/**
 * Issue 14 items 5 and 6 over real HTTP: sign-in is throttled per account and per client address
 * (stored in the database), with the same answer for unknown and known emails, and the correct
 * password works again after the window; password hashing is bounded, so a burst of sign-ins gets
 * 429 beyond the queue instead of starving the server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, startApp, type RunningApp } from "../../support/app.ts";

let app: RunningApp;

const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${app.baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: app.baseUrl, ...headers },
    body: new URLSearchParams({ email, password, next: "" }),
  });

/** The sign-in page's error line (the action's answer rendered into the page). */
const alertOf = (html: string) => html.match(/role="alert">([^<]*)</)?.[1] ?? "";

describe("login throttling and bounded hashing", () => {
  beforeAll(async () => {
    app = await startApp({
      ARBITER_LOGIN_MAX_FAILURES: "3",
      ARBITER_LOGIN_MAX_FAILURES_PER_ADDRESS: "8",
      ARBITER_LOGIN_LOCK_SECONDS: "4",
      ARBITER_TRUST_PROXY: "loopback",
      ARBITER_HASH_CONCURRENCY: "1",
      ARBITER_HASH_QUEUE: "2",
      LOG_LEVEL: "warn",
    });
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("item 5: locks an account after 3 failures, the same way for an unknown email, and lets the right password in after the lock", async () => {
    const from = { "x-forwarded-for": "10.0.0.1" };
    for (let i = 0; i < 3; i++) expect((await login("lead@arbiter.local", "wrong", from)).status).toBe(401);
    const locked = await login("lead@arbiter.local", DEMO_PASSWORD, from);
    expect(locked.status).toBe(429);
    const lockedText = alertOf(await locked.text());
    expect(lockedText).toMatch(/^Too many failed sign-ins for this account or from this address\. Try again in [1-4] seconds?\.$/);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 3; i++) expect((await login("nobody@arbiter.local", "wrong", from)).status).toBe(401);
    const unknown = await login("nobody@arbiter.local", "wrong", from);
    expect(unknown.status).toBe(429);
    expect(alertOf(await unknown.text()).replace(/\d+ seconds?/, "N")).toBe(lockedText.replace(/\d+ seconds?/, "N"));
    // The lockout is logged (and written to the audit log: db/login-throttle.ts, app/services/login-throttle.server.ts).
    expect(app.output()).toContain('"event":"login_locked"');
    await expect.poll(async () => (await login("lead@arbiter.local", DEMO_PASSWORD, from)).status, { timeout: 20_000, interval: 500 }).toBe(302);
  });

  it("item 5: locks a client address that sprays many emails, and not another address", async () => {
    const from = { "x-forwarded-for": "10.0.0.2" };
    for (let i = 0; i < 8; i++) expect((await login(`spray${i}@arbiter.local`, "wrong", from)).status).toBe(401);
    expect((await login("owner@arbiter.local", DEMO_PASSWORD, from)).status).toBe(429);
    expect((await login("owner@arbiter.local", DEMO_PASSWORD, { "x-forwarded-for": "10.0.0.3" })).status).toBe(302);
  });

  it("item 6: one hash at a time and two waiting: a burst of 16 sign-ins gets 429s, not a starved server", async () => {
    const statuses = await Promise.all(Array.from({ length: 16 }, (_, i) => login("ann1@arbiter.local", DEMO_PASSWORD, { "x-forwarded-for": `10.1.0.${i}` }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 302 || s === 429)).toBe(true);
    const health = await fetch(`${app.baseUrl}/healthz`);
    expect(health.status).toBe(200);
  });
});
