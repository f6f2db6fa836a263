/** Issue 16 item 1: which errors are outages, and the health monitor's down/up cycle. */
import { describe, expect, it } from "vitest";
import { DbHealth, isDatabaseUnavailable, retryOnOutage } from "../../db/outage.ts";

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe("database outages", () => {
  it("tells a lost or refused connection from every other database error", () => {
    // What pg raised in the restart runs: a connection ended under a query, a refused connect,
    // the shutdown notice to sessions, and a server still starting.
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(pgError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5544"))).toBe(true);
    expect(isDatabaseUnavailable(pgError("57P01", "terminating connection due to administrator command"))).toBe(true);
    expect(isDatabaseUnavailable(pgError("57P03", "the database system is starting up"))).toBe(true);
    expect(isDatabaseUnavailable(pgError("08006", "connection failure"))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([pgError("ECONNREFUSED", "")], ""))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: new Error("Connection terminated") }))).toBe(true);
    // Not outages: a unique violation, a syntax error, a serialization failure, plain bugs.
    expect(isDatabaseUnavailable(pgError("23505", "duplicate key value violates unique constraint"))).toBe(false);
    expect(isDatabaseUnavailable(pgError("42601", "syntax error at or near"))).toBe(false);
    expect(isDatabaseUnavailable(pgError("40001", "could not serialize access"))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it("goes down on the first outage error, probes, and comes back when the probe answers", async () => {
    let answers = false;
    let probes = 0;
    const events: string[] = [];
    const health = new DbHealth(
      async () => {
        probes++;
        if (!answers) throw new Error("connect ECONNREFUSED");
        if (probes >= 3) return;
        throw new Error("the database system is starting up");
      },
      { down: () => events.push("down"), up: () => events.push("up") },
    );
    health.report(pgError("23505", "duplicate key"));
    expect(health.isDown).toBe(false);
    health.report(new Error("Connection terminated unexpectedly"));
    health.report(new Error("Connection terminated unexpectedly"));
    expect(health.isDown).toBe(true);
    expect(health.outages).toBe(1);
    answers = true;
    await health.whenUp();
    expect(health.isDown).toBe(false);
    expect(probes).toBe(3);
    expect(events).toEqual(["down", "up"]);
    health.stop();
  });

  it("retries the whole operation after an outage, never after another error", async () => {
    let calls = 0;
    const retried: number[] = [];
    const health = new DbHealth(async () => {});
    const value = await retryOnOutage(
      async () => {
        calls++;
        if (calls < 3) {
          const err = new Error("Connection terminated unexpectedly");
          health.report(err);
          throw err;
        }
        return "done";
      },
      { health, onRetry: (n) => retried.push(n) },
    );
    expect(value).toBe("done");
    expect(retried).toEqual([1, 2]);
    await expect(retryOnOutage(async () => Promise.reject(pgError("23505", "dup")), { health })).rejects.toThrow("dup");
  });
});
