import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { dbId, noNul } from "../schemas/bounded";
import { DuplicateEmailError, listUsers } from "../../db/users";
import { PeopleTable } from "../components/people/PeopleTable";
import { administer, createAnnotator } from "../services/accounts.server";
import { requireUser } from "../services/auth.server";

export const meta: MetaFunction = () => [{ title: "People · Arbiter" }];

const ALLOWED = ["lead", "owner"] as const;

const NewAnnotator = z.object({
  email: z.string().trim().email("Enter a valid email address").max(320).superRefine(noNul),
  name: z.string().trim().min(1, "Enter a name").max(120).superRefine(noNul),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await requireUser(request, context, ALLOWED);
  const users = await listUsers(context.db);
  return { me: me.id, role: me.role, users: users.map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role, disabled: u.disabled_at !== null, created_at: new Date(u.created_at).toISOString().slice(0, 10) })) };
}

type ActionData = { error: string } | { created: { email: string; password: string } } | { done: string; password?: string };

const Admin = z.object({
  intent: z.enum(["deactivate", "reactivate", "reset", "role"]),
  user_id: dbId("user_id"),
  role: z.enum(["annotator", "lead", "owner"]).optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireUser(request, context, ALLOWED);
  const fields = Object.fromEntries(await request.formData());
  if (fields.intent) {
    const a = Admin.safeParse(fields);
    if (!a.success) return Response.json({ error: a.error.issues[0].message } satisfies ActionData, { status: 400 });
    const r = await administer(context, actor, { user_id: a.data.user_id, op: a.data.intent, role: a.data.role });
    return r.ok ? Response.json({ done: r.message, password: r.password } satisfies ActionData) : Response.json({ error: r.error } satisfies ActionData, { status: r.status });
  }
  const parsed = NewAnnotator.safeParse(fields);
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0].message } satisfies ActionData, { status: 400 });
  try {
    const created = await createAnnotator(context, actor, parsed.data);
    return Response.json({ created } satisfies ActionData);
  } catch (err) {
    if (err instanceof DuplicateEmailError) return Response.json({ error: err.message } satisfies ActionData, { status: 409 });
    throw err;
  }
}

export default function People() {
  const { users, me, role } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  return (
    <main>
      <h1>People</h1>
      <p className="sub">Annotators judge blinded pairs; leads run evals; owners sign decisions off.</p>
      <div className="panel">
        <h2 style={{ marginTop: 0 }}>Add an annotator</h2>
        {result && "error" in result && (
          <p className="error" role="alert">
            {result.error}
          </p>
        )}
        {result && "created" in result && (
          <p className="ok" data-testid="created-account">
            Account created for <strong>{result.created.email}</strong>. First password (shown only now):{" "}
            <code>{result.created.password}</code>
          </p>
        )}
        <Form method="post" className="row">
          <input name="name" placeholder="Full name" required aria-label="Name" />
          <input name="email" type="email" placeholder="email@example.com" required aria-label="Email" />
          <button className="btn" type="submit">
            Create account
          </button>
        </Form>
      </div>
      {result && "done" in result && (
        <p className="ok" role="status" data-testid="people-flash">
          {result.done} {result.password && <code data-testid="reset-value">{result.password}</code>}
        </p>
      )}
      <div className="panel">
        <PeopleTable users={users} me={me} viewerRole={role} />
      </div>
    </main>
  );
}
