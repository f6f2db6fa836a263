/**
 * Sign-in throttling per account and per client address (issue 14 item 5). A key is locked for
 * ARBITER_LOGIN_LOCK_SECONDS (default 60) once it has ARBITER_LOGIN_MAX_FAILURES (default 5; per
 * address ARBITER_LOGIN_MAX_FAILURES_PER_ADDRESS, default 20) failures within
 * ARBITER_LOGIN_WINDOW_SECONDS (default 900); every further failure doubles the lock, up to the
 * window. While locked, the password is not even checked (no hashing work for an attacker to buy).
 * The account key is the email as typed, whether or not it exists, so a locked unknown email and a
 * locked real one get the same answer. A success clears the account's count; the address count
 * ages out with its window. Each lockout writes an audit entry and a warning log line.
 */
import type { AppLoadContext } from "@remix-run/node";
import { recordAudit } from "../../db/audit";
import { clearKey, lockedUntil, recordFailure, type ThrottlePolicy } from "../../db/login-throttle";

const int = (v: string | undefined, fallback: number) => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

export function throttlePolicies(env: Record<string, string | undefined> = process.env): { account: ThrottlePolicy; address: ThrottlePolicy } {
  const windowSeconds = int(env.ARBITER_LOGIN_WINDOW_SECONDS, 900);
  const lockSeconds = int(env.ARBITER_LOGIN_LOCK_SECONDS, 60);
  return {
    account: { maxFailures: int(env.ARBITER_LOGIN_MAX_FAILURES, 5), windowSeconds, lockSeconds },
    address: { maxFailures: int(env.ARBITER_LOGIN_MAX_FAILURES_PER_ADDRESS, 20), windowSeconds, lockSeconds },
  };
}

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;

export class LoginThrottled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-ins for this account or from this address. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`);
  }
}

function keys(email: string, address: string | undefined): string[] {
  return address ? [accountKey(email), addressKey(address)] : [accountKey(email)];
}

/** Throws LoginThrottled while the account or the address is locked. */
export async function assertNotThrottled(context: AppLoadContext, email: string, address: string | undefined): Promise<void> {
  const until = await lockedUntil(context.db, keys(email, address));
  if (until) throw new LoginThrottled(Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000)));
}

export async function noteFailure(context: AppLoadContext, email: string, address: string | undefined): Promise<void> {
  const policies = throttlePolicies();
  const results = await Promise.all([
    recordFailure(context.db, accountKey(email), policies.account).then((r) => ({ ...r, kind: "account" as const })),
    ...(address ? [recordFailure(context.db, addressKey(address), policies.address).then((r) => ({ ...r, kind: "address" as const }))] : []),
  ]);
  for (const r of results) {
    if (!r.lockedUntil) continue;
    const detail = { by: r.kind, email: email.trim().toLowerCase().slice(0, 320), address: address ?? null, failures: r.failures, locked_until: r.lockedUntil.toISOString() };
    context.logger.warn({ event: "login_locked", ...detail }, "sign-in locked");
    await recordAudit(context.db, { actorId: null, action: "login.locked", entity: "login", entityId: null, detail });
  }
}

export async function noteSuccess(context: AppLoadContext, email: string): Promise<void> {
  await clearKey(context.db, accountKey(email));
}
