import { randomBytes } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { recordAudit } from "../../db/audit";
import type { SessionUser } from "../../db/sessions";
import { insertUser } from "../../db/users";
import { hashPassword } from "./password.server";

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
