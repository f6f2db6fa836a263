import { describe, expect, it } from "vitest";
import { ConfigError, parseDatabaseUrl } from "../../db/connect.ts";
import { hashPassword, verifyPassword } from "../../app/services/password.server.ts";
import { safeNext } from "../../app/services/auth.server.ts";

describe("DATABASE_URL parsing", () => {
  it("accepts postgres and postgresql URLs", () => {
    expect(parseDatabaseUrl("postgres://root@127.0.0.1:5432/arbiter").pathname).toBe("/arbiter");
    expect(parseDatabaseUrl("postgresql://u:p@db.internal/x").hostname).toBe("db.internal");
  });
  it.each([
    ["not a url", /not a valid URL/],
    ["mysql://root@localhost/db", /must start with postgres:\/\//],
    ["postgres://127.0.0.1:5432", /names no database/],
  ])("rejects %s with one clear message", (raw, message) => {
    expect(() => parseDatabaseUrl(raw)).toThrow(ConfigError);
    expect(() => parseDatabaseUrl(raw)).toThrow(message);
  });
});

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash.startsWith("scrypt$32768$8$1$")).toBe(true);
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
  });
  it("salts: the same password hashes differently twice", async () => {
    expect(await hashPassword("x")).not.toBe(await hashPassword("x"));
  });
  it("refuses malformed stored hashes instead of throwing", async () => {
    expect(await verifyPassword("x", "plaintext")).toBe(false);
  });
});

describe("safeNext", () => {
  it("keeps same-site paths and drops anything that leaves the site", () => {
    expect(safeNext("/evals/3", "/lead")).toBe("/evals/3");
    expect(safeNext("//evil.example/x", "/lead")).toBe("/lead");
    expect(safeNext("https://evil.example", "/lead")).toBe("/lead");
    expect(safeNext("/\\evil.example", "/lead")).toBe("/lead");
    expect(safeNext(null, "/lead")).toBe("/lead");
  });
});
