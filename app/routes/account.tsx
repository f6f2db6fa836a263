/** A signed-in user's own account: change the password (asked for at the first sign-in with a password someone else set). */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { noNul } from "../schemas/bounded";
import { mustChangePassword } from "../../db/accounts";
import { changeOwnPassword } from "../services/accounts.server";
import { requireUser, ROLE_HOME } from "../services/auth.server";

export const meta: MetaFunction = () => [{ title: "My account · Arbiter" }];

const ALL = ["annotator", "lead", "owner"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, ALL);
  return { user: { name: user.name, email: user.email, role: user.role }, mustChange: await mustChangePassword(context.db, user.id) };
}

const ChangeForm = z
  .object({ current: z.string().min(1, "Enter your current password").superRefine(noNul), next: z.string().min(10, "The new password needs at least 10 characters").max(200).superRefine(noNul), again: z.string() })
  .refine((f) => f.next === f.again, { message: "The two new passwords differ", path: ["again"] });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ALL);
  const form = ChangeForm.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return Response.json({ error: form.error.issues[0].message }, { status: 400 });
  const r = await changeOwnPassword(context, user, form.data.current, form.data.next);
  if (!r.ok) return Response.json({ error: r.error }, { status: r.status });
  return redirect(`${ROLE_HOME[user.role]}`);
}

export default function Account() {
  const { user, mustChange } = useLoaderData<typeof loader>();
  const result = useActionData<{ error: string }>();
  return (
    <main>
      <h1>My account</h1>
      <p className="sub">
        {user.name} · {user.email} · {user.role}
      </p>
      {mustChange && (
        <p className="notice" data-testid="must-change">
          Someone else set your password. Choose your own before you go on.
        </p>
      )}
      <div className="panel" style={{ maxWidth: 480 }}>
        <h2 style={{ marginTop: 0 }}>Change password</h2>
        {result?.error && (
          <p className="error" role="alert">
            {result.error}
          </p>
        )}
        <Form method="post" className="stack">
          <label>
            Current password
            <input name="current" type="password" required autoComplete="current-password" />
          </label>
          <label>
            New password (at least 10 characters)
            <input name="next" type="password" required minLength={10} autoComplete="new-password" />
          </label>
          <label>
            New password again
            <input name="again" type="password" required minLength={10} autoComplete="new-password" />
          </label>
          <button className="btn" type="submit" data-testid="change-password">
            Change password
          </button>
        </Form>
      </div>
    </main>
  );
}
