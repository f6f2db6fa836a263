/** The database for a CLI command: same factory and migrations as the server. */
import { ConfigError, connectFromEnv, type DbHandle } from "../db/connect.ts";
import { getEvalByName } from "../db/evals.ts";
import { migrateToLatest } from "../db/migrate.ts";
import type { Eval } from "../db/types.ts";
import { CliError } from "./cli-support.ts";

export async function withDb<T>(fn: (handle: DbHandle) => Promise<T>): Promise<T> {
  let handle: DbHandle;
  try {
    handle = await connectFromEnv();
    await migrateToLatest(handle.db);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message);
    const msg = (err as Error).message;
    if (/lock|already in use|EBUSY/i.test(msg) && !process.env.DATABASE_URL) {
      throw new CliError(`the embedded database in ${process.env.ARBITER_DATA_DIR || "./data"} is in use by another process (stop the server, or use DATABASE_URL)`);
    }
    throw new CliError(`cannot open the database: ${msg}`);
  }
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

export async function requireEval(handle: DbHandle, name: string): Promise<Eval> {
  const ev = await getEvalByName(handle.db, name);
  if (!ev) throw new CliError(`no eval named "${name}" (create it with: arbiter eval create ${name} --candidate NAME --baseline NAME)`);
  return ev;
}
