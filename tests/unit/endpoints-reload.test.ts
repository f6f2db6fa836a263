/**
 * The endpoints file is re-read when it changes (issue 15 item 6: no restart to start a run), and
 * an edit that breaks it keeps the last good registry in use with the reason kept.
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { endpointsReloadError, serverEndpoints } from "../../judges/endpoints.ts";

const dir = mkdtempSync(join(tmpdir(), "arbiter-endpoints-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(file: string, text: string, secondsFromNow: number) {
  writeFileSync(file, text);
  // An explicit, distinct mtime: two writes within one clock tick must still count as a change.
  const t = Date.now() / 1000 + secondsFromNow;
  utimesSync(file, t, t);
}

describe("the endpoints file without a restart", () => {
  it("picks up an added endpoint, and keeps the last good one when an edit is invalid", () => {
    const file = join(dir, "endpoints.json");
    const env = { ARBITER_ENDPOINTS_FILE: file };
    write(file, JSON.stringify([{ name: "local", base_url: "http://127.0.0.1:9/v1", models: ["m1"] }]), 1);
    expect(serverEndpoints(env).list().map((e) => e.name)).toEqual(["local"]);

    write(file, JSON.stringify([{ name: "local", base_url: "http://127.0.0.1:9/v1", models: ["m1"] }, { name: "second", base_url: "http://127.0.0.1:10/v1", use: ["judge"] }]), 2);
    expect(serverEndpoints(env).list().map((e) => e.name)).toEqual(["local", "second"]);
    expect(serverEndpoints(env).list("judge").map((e) => e.name)).toEqual(["local", "second"]);
    expect(endpointsReloadError()).toBeNull();

    write(file, "{ not json", 3);
    expect(serverEndpoints(env).list().map((e) => e.name)).toEqual(["local", "second"]);
    expect(endpointsReloadError()).toMatch(/endpoints\.json: not JSON/);

    write(file, JSON.stringify({ endpoints: [{ name: "third", base_url: "http://127.0.0.1:11/v1" }] }), 4);
    expect(serverEndpoints(env).list().map((e) => e.name)).toEqual(["third"]);
    expect(endpointsReloadError()).toBeNull();
  });
});
