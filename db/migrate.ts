import { Migrator, sql, type Kysely } from "kysely";
import { migrations } from "./migrations/index.ts";

export class MigrationError extends Error {}

/** Brings the schema to the latest migration; Kysely's Migrator takes a lock, so concurrent starts are safe. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Nearly every start and CLI command finds nothing to do: one query says so, where Kysely's
  // Migrator (create-if-missing tables, lock, read the list) took 2 s of a PGlite CLI command.
  if (await allApplied(db)) return [];
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Migrations are numbered per change and may land in any order; each is additive and
    // independent of those numbered near it, so a database that ran a later one still takes an
    // earlier one that landed after it.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const name = failed ? ` ${failed.migrationName}` : "";
    throw new MigrationError(`migration${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

async function allApplied(db: Kysely<any>): Promise<boolean> {
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const applied = new Set(rows.rows.map((r) => r.name));
    return Object.keys(migrations).every((name) => applied.has(name));
  } catch {
    return false; // a new database: no migration table yet
  }
}
