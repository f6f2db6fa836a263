import type { Kysely } from "kysely";
import { isUniqueViolation } from "./errors.ts";
import type { Database, Role, User } from "./types.ts";

export class DuplicateEmailError extends Error {}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", normaliseEmail(email)).executeTakeFirst();
}

export async function insertUser(
  db: Kysely<Database>,
  user: { email: string; name: string; role: Role; passwordHash: string },
): Promise<User> {
  try {
    return await db
      .insertInto("users")
      .values({ email: normaliseEmail(user.email), name: user.name.trim(), role: user.role, password_hash: user.passwordHash, disabled_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new DuplicateEmailError(`an account for ${normaliseEmail(user.email)} already exists`);
    }
    throw err;
  }
}

export async function listUsers(db: Kysely<Database>): Promise<Omit<User, "password_hash">[]> {
  return db
    .selectFrom("users")
    .select(["id", "email", "name", "role", "created_at", "disabled_at"])
    .orderBy("role")
    .orderBy("email")
    .execute();
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}
