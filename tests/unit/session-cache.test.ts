import { describe, expect, it } from "vitest";
import { SessionCache, sessionCacheMs } from "../../app/services/session-cache.server.ts";

const user = (id: number) => ({ id, email: `u${id}@x`, name: `U${id}`, role: "annotator" as const });

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("session cache", () => {
  it("serves a cached session until its freshness window ends, then forgets it", () => {
    const c = clock();
    const cache = new SessionCache(5000, 100, c.now);
    cache.set("h1", user(1), new Date(c.now() + 3600_000));
    expect(cache.get("h1")?.user.id).toBe(1);
    c.advance(4999);
    expect(cache.get("h1")?.user.id).toBe(1);
    c.advance(1);
    expect(cache.get("h1")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("never serves a session past its own expiry, even while fresh", () => {
    const c = clock();
    const cache = new SessionCache(5000, 100, c.now);
    cache.set("h1", user(1), new Date(c.now() + 1000));
    c.advance(999);
    expect(cache.get("h1")).toBeDefined();
    c.advance(1);
    expect(cache.get("h1")).toBeUndefined();
  });

  it("drops a session on delete (sign-out) and keeps nothing when the ttl is 0", () => {
    const c = clock();
    const cache = new SessionCache(5000, 100, c.now);
    cache.set("h1", user(1), new Date(c.now() + 3600_000));
    cache.delete("h1");
    expect(cache.get("h1")).toBeUndefined();
    const off = new SessionCache(0, 100, c.now);
    off.set("h1", user(1), new Date(c.now() + 3600_000));
    expect(off.get("h1")).toBeUndefined();
    expect(off.size).toBe(0);
  });

  it("is bounded: the oldest entry goes first", () => {
    const c = clock();
    const cache = new SessionCache(5000, 3, c.now);
    for (let i = 1; i <= 4; i++) cache.set(`h${i}`, user(i), new Date(c.now() + 3600_000));
    expect(cache.size).toBe(3);
    expect(cache.get("h1")).toBeUndefined();
    expect(cache.get("h4")?.user.id).toBe(4);
  });

  it("reads ARBITER_SESSION_CACHE_SECONDS, 5 s by default, 0 to turn it off", () => {
    expect(sessionCacheMs({})).toBe(5000);
    expect(sessionCacheMs({ ARBITER_SESSION_CACHE_SECONDS: "0" })).toBe(0);
    expect(sessionCacheMs({ ARBITER_SESSION_CACHE_SECONDS: "2.5" })).toBe(2500);
    expect(sessionCacheMs({ ARBITER_SESSION_CACHE_SECONDS: "soon" })).toBe(5000);
  });
});
