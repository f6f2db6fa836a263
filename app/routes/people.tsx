import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DuplicateEmailError, listUsers } from "../../db/users";
import { createAnnotator } from "../services/accounts.server";
import { requireUser } from "../services/auth.server";

export const meta: MetaFunction = () => [{ title: "People · Arbiter" }];

const ALLOWED = ["lead", "owner"] as const;

const NewAnnotator = z.object({
  email: z.string().trim().email("Enter a valid email address").max(320),
  name: z.string().trim().min(1, "Enter a name").max(120),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, ALLOWED);
  const users = await listUsers(context.db);
  return { users: users.map((u) => ({ ...u, created_at: new Date(u.created_at).toISOString().slice(0, 10) })) };
}

type ActionData = { error: string } | { created: { email: string; password: string } };

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireUser(request, context, ALLOWED);
  const parsed = NewAnnotator.safeParse(Object.fromEntries(await request.formData()));
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
  const { users } = useLoaderData<typeof loader>();
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
      <div className="panel">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Since</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>
                  <span className="badge">{u.role}</span>
                </td>
                <td>{u.created_at}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
