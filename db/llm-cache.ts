/**
 * The judge's response cache in the database (the llm_cache table), so a re-run of the same judge,
 * or a worker restarted after a crash, makes no call for an answer that already came back.
 * Keys are judges/cache.ts's responseCacheKey (a sha256 of endpoint, model, protocol, prompt
 * version, messages and parameters): nothing secret, and the API key is not part of it.
 */
import type { Kysely } from "kysely";
import type { CachedResponse, ResponseCache } from "../judges/cache.ts";
import type { Database } from "./types.ts";

export class DbResponseCache implements ResponseCache {
  constructor(private readonly db: Kysely<Database>) {}

  async get(key: string): Promise<CachedResponse | undefined> {
    const row = await this.db.selectFrom("llm_cache").select("response").where("key", "=", key).executeTakeFirst();
    return row ? (row.response as CachedResponse) : undefined;
  }

  async set(key: string, value: CachedResponse): Promise<void> {
    // Two workers racing on one key got equivalent answers; the first stored one stays.
    await this.db
      .insertInto("llm_cache")
      .values({ key, response: JSON.stringify(value) })
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
  }
}
