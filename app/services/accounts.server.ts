import { randomBytes } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { recordAudit } from "../../db/audit";
import type { SessionUser } from "../../db/sessions";
import { insertUser } from "../../db/users";
import { getAccount, setDisabled, setPasswordHash, setRole } from "../../db/accounts";
import { hashPassword, verifyPassword } from "./password.server";

/** Leads and owners create annotator accounts; the first password is shown once to hand over. */
export async function createAnnotator(
  context: AppLoadContext,
  actor: SessionUser,
  input: { email: string; name: string },
): Promise<{ email: string; password: string }> {
  const password = randomBytes(9).toString("base64url");
  const user = await insertUser(context.db, {
    email: input.email,
    name: input.name,
    role: "annotator",
    passwordHash: await hashPassword(password),
  });
  await recordAudit(context.db, { actorId: actor.id, action: "user.create", entity: "user", entityId: user.id, detail: { role: "annotator" } });
  return { email: user.email, password };
}

export type AdminResult = { ok: true; message: string; password?: string } | { ok: false; error: string; status: number };

/**
 * What a lead or an owner may do to an account: leads manage annotators and leads but not owners;
 * only owners change roles; nobody deactivates or demotes themselves (an eval never loses its last
 * admin by accident).
 */
export async function administer(
  context: AppLoadContext,
  actor: SessionUser,
  input: { user_id: number; op: "deactivate" | "reactivate" | "reset" | "role"; role?: "annotator" | "lead" | "owner" },
): Promise<AdminResult> {
  const target = await getAccount(context.db, input.user_id);
  if (!target) return { ok: false, error: "No such account.", status: 404 };
  if (target.role === "owner" && actor.role !== "owner") return { ok: false, error: "Only an owner can change an owner's account.", status: 403 };
  if (target.id === actor.id && input.op !== "reset") return { ok: false, error: "You cannot deactivate or change the role of your own account.", status: 400 };
  if (input.op === "role") {
    if (actor.role !== "owner") return { ok: false, error: "Only an owner changes roles.", status: 403 };
    if (!input.role) return { ok: false, error: "Choose a role.", status: 400 };
    await setRole(context.db, target.id, input.role);
    await recordAudit(context.db, { actorId: actor.id, action: "user.role", entity: "user", entityId: target.id, detail: { from: target.role, to: input.role } });
    return { ok: true, message: `${target.email} is now ${input.role}.` };
  }
  if (input.op === "deactivate" || input.op === "reactivate") {
    const off = input.op === "deactivate";
    await setDisabled(context.db, target.id, off);
    await recordAudit(context.db, { actorId: actor.id, action: off ? "user.deactivate" : "user.reactivate", entity: "user", entityId: target.id, detail: {} });
    return { ok: true, message: off ? `${target.email} is deactivated: signed out, and cannot sign in.` : `${target.email} can sign in again.` };
  }
  const password = randomBytes(9).toString("base64url");
  await setPasswordHash(context.db, target.id, await hashPassword(password), true);
  await recordAudit(context.db, { actorId: actor.id, action: "user.password_reset", entity: "user", entityId: target.id, detail: {} });
  return { ok: true, message: `New password for ${target.email} (shown only now; they choose their own at the next sign-in):`, password };
}

/** A user changes their own password, knowing the current one. */
export async function changeOwnPassword(context: AppLoadContext, actor: SessionUser, current: string, next: string): Promise<AdminResult> {
  const me = await getAccount(context.db, actor.id);
  if (!me || !(await verifyPassword(current, me.password_hash))) return { ok: false, error: "The current password is not right.", status: 400 };
  if (current === next) return { ok: false, error: "Choose a password different from the current one.", status: 400 };
  await setPasswordHash(context.db, me.id, await hashPassword(next), false);
  await recordAudit(context.db, { actorId: actor.id, action: "user.password_change", entity: "user", entityId: me.id, detail: {} });
  return { ok: true, message: "Password changed." };
}
