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
import { recordAudit } from "../audit.ts";
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

function readJsonl(file: string): Record<string, any>[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim().length > 0)
    .map((l, i) => {
      try {
        return JSON.parse(l);
      } catch (err) {
        throw new Error(`${file}:${i + 1}: ${(err as Error).message}`);
      }
    });
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
  const cases = readJsonl(join(dir, "demo-cases.jsonl"));
  const outputs = readJsonl(join(dir, "demo-outputs.jsonl"));

  await db.transaction().execute(async (trx) => {
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
    const systems = await trx
      .insertInto("systems")
      .values([
        { eval_id: ev.id, name: "candidate", role: "candidate" },
        { eval_id: ev.id, name: "baseline", role: "baseline" },
      ])
      .returningAll()
      .execute();
    const systemId = new Map(systems.map((s) => [s.name, s.id]));
    const caseRows = await trx
      .insertInto("cases")
      .values(
        cases.map((c) => ({
          eval_id: ev.id,
          external_id: String(c.id),
          input: JSON.stringify(c.input),
          context: c.context ?? null,
          reference: c.reference ?? null,
          category: c.category,
          suite: c.suite,
          shape: c.shape,
          tags: JSON.stringify(c.tags ?? []),
          assertions: JSON.stringify(c.assertions ?? []),
        })),
      )
      .returning(["id", "external_id"])
      .execute();
    const caseId = new Map(caseRows.map((c) => [c.external_id, c.id]));
    await trx
      .insertInto("outputs")
      .values(
        outputs.map((o) => {
          const cid = caseId.get(String(o.case_id));
          const sid = systemId.get(o.system);
          if (cid === undefined || sid === undefined) throw new Error(`demo output for unknown case or system: ${o.case_id}/${o.system}`);
          return {
            case_id: cid,
            system_id: sid,
            text: o.text ?? null,
            latency_ms: o.latency_ms ?? null,
            prompt_tokens: o.prompt_tokens ?? null,
            completion_tokens: o.completion_tokens ?? null,
            logprobs: null,
            error: o.error ?? null,
            source: "demo" as const,
          };
        }),
      )
      .execute();
    await recordAudit(trx, { actorId: null, action: "demo.seed", entity: "eval", entityId: ev.id, detail: { cases: cases.length, outputs: outputs.length } });
  });
  return accounts;
}
