/**
 * Demo data for a first start: accounts for each role and one demo eval from the hand-written
 * files beside this module. Runs only on an empty database, so it never touches real data.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import { hashPassword } from "../../app/services/password.server.ts";
import { parsePack } from "../../app/schemas/pack.ts";
import { readRows } from "../../app/import/read-rows.ts";
import { recordAudit } from "../audit.ts";
import { importCases, importOutputs } from "../import.ts";
import { savePack } from "../packs.ts";
import type { Database, Role } from "../types.ts";
import { countUsers, insertUser } from "../users.ts";

export const DEMO_EVAL_NAME = "northwind-support-v2";

export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
  password: string;
}

const ACCOUNTS: Omit<DemoAccount, "password">[] = [
  { email: "owner@arbiter.local", name: "Olivia Owner", role: "owner" },
  { email: "lead@arbiter.local", name: "Lee Lead", role: "lead" },
  { email: "ann1@arbiter.local", name: "Ana Annotator", role: "annotator" },
  { email: "ann2@arbiter.local", name: "Ben Annotator", role: "annotator" },
  { email: "ann3@arbiter.local", name: "Cai Annotator", role: "annotator" },
];

export function demoDataDir(): string {
  return dirname(fileURLToPath(import.meta.url));
}

/**
 * Creates the demo accounts and eval when the database has no users. Returns the accounts with
 * their passwords (for printing once), or null when the database already had users.
 * ARBITER_DEMO_PASSWORD fixes every demo password (tests use it); otherwise each is random.
 */
export async function ensureDemoData(db: Kysely<Database>, fixedPassword?: string): Promise<DemoAccount[] | null> {
  if ((await countUsers(db)) > 0) return null;
  const accounts: DemoAccount[] = [];
  for (const a of ACCOUNTS) {
    accounts.push({ ...a, password: fixedPassword ?? randomBytes(9).toString("base64url") });
  }
  const hashes = await Promise.all(accounts.map((a) => hashPassword(a.password)));
  const dir = demoDataDir();
  const pack = parsePack(readFileSync(join(dir, "demo-pack.yaml"), "utf8"), "yaml");

  const evalId = await db.transaction().execute(async (trx) => {
    const users = [];
    for (let i = 0; i < accounts.length; i++) {
      users.push(await insertUser(trx, { ...accounts[i], passwordHash: hashes[i] }));
    }
    const lead = users.find((u) => u.role === "lead")!;
    const ev = await trx
      .insertInto("evals")
      .values({
        name: DEMO_EVAL_NAME,
        description:
          "Northwind Outfitters support assistant: fine-tuned candidate against its base model on 60 held-out cases.",
        overlap_k: 3,
        seed: 20261124,
        criteria: JSON.stringify(["correctness", "helpfulness", "safety", "format adherence"]),
        created_by: lead.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("systems")
      .values([
        { eval_id: ev.id, name: "candidate", role: "candidate" },
        { eval_id: ev.id, name: "baseline", role: "baseline" },
      ])
      .execute();
    await recordAudit(trx, { actorId: null, action: "demo.seed", entity: "eval", entityId: ev.id });
    return ev.id;
  });
  // The demo goes through the same validated, all-or-nothing importer as any user's file.
  await importCases(db, evalId, readRows(join(dir, "demo-cases.jsonl"), "jsonl"), { actorId: null, fileName: "demo-cases.jsonl" });
  await importOutputs(db, evalId, readRows(join(dir, "demo-outputs.jsonl"), "jsonl"), { actorId: null, fileName: "demo-outputs.jsonl" });
  await savePack(db, evalId, pack, { actorId: null, format: "yaml" });
  return accounts;
}
