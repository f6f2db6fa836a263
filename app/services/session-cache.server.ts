/**
 * A short-lived, bounded cache of valid sessions, keyed by the token's hash, shared by Remix and the
 * task API through the load context.
 *
 * Why: every annotator request (a claim and a submit per judgment) looked its session up in the
 * database, which was a third of the queries under load. The cache keeps only valid sessions,
 * checks each one's expiry on every hit (so expiry is exact), and drops a session when this server
 * signs it out. What it trades: a session ended or an account disabled elsewhere (another server,
 * or SQL by hand) still works here for at most `ttlMs` (ARBITER_SESSION_CACHE_SECONDS, default 5;
 * 0 turns the cache off).
 */
import type { SessionUser } from "../../db/sessions";

interface Entry {
  user: SessionUser;
  expiresAt: number;
  freshUntil: number;
}

export const DEFAULT_SESSION_CACHE_SECONDS = 5;

export function sessionCacheMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.ARBITER_SESSION_CACHE_SECONDS;
  const v = raw === undefined || raw === "" ? DEFAULT_SESSION_CACHE_SECONDS : Number(raw);
  return Number.isFinite(v) && v >= 0 ? v * 1000 : DEFAULT_SESSION_CACHE_SECONDS * 1000;
}

export class SessionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached session while the entry is fresh and the session unexpired; otherwise undefined. */
  get(tokenHash: string): { user: SessionUser; expiresAt: Date } | undefined {
    const e = this.entries.get(tokenHash);
    if (!e) return undefined;
    const t = this.now();
    if (t >= e.freshUntil || t >= e.expiresAt) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return { user: e.user, expiresAt: new Date(e.expiresAt) };
  }

  set(tokenHash: string, user: SessionUser, expiresAt: Date): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(tokenHash);
    // Maps iterate in insertion order: the first key is the oldest entry.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(tokenHash, { user, expiresAt: expiresAt.getTime(), freshUntil: this.now() + this.ttlMs });
  }

  delete(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }

  get size(): number {
    return this.entries.size;
  }
}
