/**
 * Issue 14 item 9 over real HTTP: a Content-Security-Policy with a per-response nonce that every
 * inline script carries, HSTS only over TLS (here: a trusted proxy saying https), no-store on pages
 * with task content or evidence, and Secure cookies by the request's protocol, not NODE_ENV (a
 * production build served over plain http on a LAN must still let people sign in).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, startApp, type RunningApp } from "../../support/app.ts";
import { demoEvalId, signIn } from "../../support/http-session.ts";

let app: RunningApp;

const login = (headers: Record<string, string> = {}) =>
  fetch(`${app.baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: app.baseUrl, ...headers },
    body: new URLSearchParams({ email: "lead@arbiter.local", password: DEMO_PASSWORD, next: "" }),
  });

describe("headers and cookies", () => {
  beforeAll(async () => {
    app = await startApp({ NODE_ENV: "production", ARBITER_TRUST_PROXY: "loopback" });
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("sends a CSP whose nonce is on every inline script, fresh per response", async () => {
    const res = await fetch(`${app.baseUrl}/login`);
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = csp.match(/script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) if (!/\bsrc=/.test(attrs)) expect(attrs).toContain(`nonce="${nonce}"`);
    const again = (await fetch(`${app.baseUrl}/login`)).headers.get("content-security-policy");
    expect(again).not.toBe(csp);
  });

  it("marks pages with evidence or tasks no-store, and static assets cacheable", async () => {
    const lead = await signIn(app.baseUrl, "lead@arbiter.local");
    const evalId = await demoEvalId(lead);
    for (const path of [`/evals/${evalId}/report`, `/evals/${evalId}/human`, `/evals/${evalId}/export/judgments.csv`, "/lead"]) {
      expect((await lead.request(path)).headers.get("cache-control"), path).toMatch(/^no-store/);
    }
    const ann = await signIn(app.baseUrl, "ann1@arbiter.local");
    expect((await ann.request("/annotate")).headers.get("cache-control")).toBe("no-store");
    const html = await (await fetch(`${app.baseUrl}/login`)).text();
    const asset = html.match(/\/build\/[^"]+\.js/)?.[0];
    expect((await fetch(`${app.baseUrl}${asset}`)).headers.get("cache-control")).toMatch(/max-age=31536000/);
  });

  it("signs in over plain http with a production build (no Secure, no HSTS); Secure and HSTS behind a trusted https proxy", async () => {
    const plain = await login();
    expect(plain.status).toBe(302);
    const cookie = plain.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^arbiter_session=/);
    expect(cookie).not.toMatch(/;\s*Secure/i);
    expect(plain.headers.get("strict-transport-security")).toBeNull();

    const proxied = await login({ "x-forwarded-proto": "https", "x-forwarded-host": new URL(app.baseUrl).host, origin: app.baseUrl.replace("http:", "https:") });
    expect(proxied.status).toBe(302);
    expect(proxied.headers.get("set-cookie")).toMatch(/;\s*Secure/i);
    expect(proxied.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });
});

describe("an untrusted peer cannot claim https", () => {
  let plainApp: RunningApp;
  beforeAll(async () => {
    plainApp = await startApp({ NODE_ENV: "production" });
  }, 90_000);
  afterAll(async () => {
    await plainApp?.stop();
  });

  it("ignores X-Forwarded-Proto without ARBITER_TRUST_PROXY", async () => {
    const res = await fetch(`${plainApp.baseUrl}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: plainApp.baseUrl, "x-forwarded-proto": "https" },
      body: new URLSearchParams({ email: "lead@arbiter.local", password: DEMO_PASSWORD, next: "" }),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("set-cookie")).not.toMatch(/;\s*Secure/i);
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });
});
