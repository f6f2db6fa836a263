import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "../../db/audit.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { migrations } from "../../db/migrations/index.ts";
import { DEMO_EVAL_NAME, ensureDemoData } from "../../db/seed/demo.ts";
import { createSession, lookupSession } from "../../db/sessions.ts";
import { DuplicateEmailError, insertUser } from "../../db/users.ts";
import { backends, type TestDb } from "../support/db.ts";

describe.each(backends())("foundation on $name", (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await backend.create();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("applies every migration, and a second run applies none", async () => {
    const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(t.db);
    expect(rows.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    expect(await migrateToLatest(t.db)).toEqual([]);
  });

  it("refuses a second account with the same email, whatever its case", async () => {
    await insertUser(t.db, { email: "Sam@Example.com", name: "Sam", role: "lead", passwordHash: "x" });
    await expect(insertUser(t.db, { email: "sam@example.COM ", name: "Sam 2", role: "owner", passwordHash: "x" })).rejects.toThrow(
      DuplicateEmailError,
    );
  });

  it("refuses an unknown role at the database", async () => {
    await expect(
      sql`insert into users (email, name, role, password_hash) values ('r@x', 'R', 'admin', 'x')`.execute(t.db),
    ).rejects.toThrow(/check constraint/i);
  });

  it("tells a valid session from an expired and an unknown one", async () => {
    const user = await insertUser(t.db, { email: "s@example.com", name: "S", role: "annotator", passwordHash: "x" });
    const live = await createSession(t.db, user.id, 60_000);
    const dead = await createSession(t.db, user.id, -1000);
    expect(await lookupSession(t.db, live.token)).toMatchObject({ status: "valid", user: { id: user.id, role: "annotator" } });
    expect(await lookupSession(t.db, dead.token)).toEqual({ status: "expired" });
    expect(await lookupSession(t.db, "no-such-token")).toEqual({ status: "none" });
    // The table holds hashes, never the cookie's token.
    const ids = await t.db.selectFrom("sessions").select("id").execute();
    expect(ids.map((r) => r.id)).not.toContain(live.token);
  });

  it("keeps the audit log append-only: UPDATE and DELETE are refused", async () => {
    await recordAudit(t.db, { actorId: null, action: "test", entity: "thing", entityId: 1, detail: { a: 1 } });
    await expect(sql`update audit_log set action = 'rewritten'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    const n = await t.db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBeGreaterThan(0);
  });
});

describe.each(backends())("demo data on $name", (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await backend.create();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("seeds accounts for every role and a 60-case eval with candidate and baseline outputs, once", async () => {
    const accounts = await ensureDemoData(t.db, "pw");
    expect(accounts?.map((a) => a.role).sort()).toEqual(["annotator", "annotator", "annotator", "lead", "owner"]);
    const ev = await t.db.selectFrom("evals").selectAll().where("name", "=", DEMO_EVAL_NAME).executeTakeFirstOrThrow();
    const cases = await t.db.selectFrom("cases").select(["category", "suite"]).where("eval_id", "=", ev.id).execute();
    expect(cases.length).toBe(60);
    expect(new Set(cases.map((c) => c.category))).toEqual(new Set(["simple", "edge_case", "adversarial"]));
    expect(new Set(cases.map((c) => c.suite))).toEqual(new Set(["target", "general"]));
    const outputs = await t.db
      .selectFrom("outputs")
      .innerJoin("systems", "systems.id", "outputs.system_id")
      .select(["systems.role"])
      .where("systems.eval_id", "=", ev.id)
      .execute();
    expect(outputs.filter((o) => o.role === "candidate").length).toBe(60);
    expect(outputs.filter((o) => o.role === "baseline").length).toBe(60);
    expect(await ensureDemoData(t.db, "pw")).toBeNull();
  });
});
