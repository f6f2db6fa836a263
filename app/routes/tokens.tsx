import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { createApiToken, listApiTokens, revokeApiToken } from "../../db/api-tokens";
import { requireUser } from "../services/auth.server";

export const meta: MetaFunction = () => [{ title: "API tokens · Arbiter" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, ["lead", "owner"]);
  const tokens = await listApiTokens(context.db, user);
  const iso = (d: Date | null) => (d ? new Date(d).toISOString().slice(0, 16).replace("T", " ") : null);
  return { role: user.role, tokens: tokens.map((t) => ({ ...t, created_at: iso(t.created_at), last_used_at: iso(t.last_used_at), revoked_at: iso(t.revoked_at) })) };
}

const Create = z.object({ intent: z.literal("create"), name: z.string().trim().min(1, "name the token, e.g. the pipeline that uses it").max(100).refine((s) => !s.includes("\u0000"), "name contains a NUL character") });
const Revoke = z.object({ intent: z.literal("revoke"), id: z.coerce.number().int().positive().max(2147483647) });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ["lead", "owner"]);
  const form = Object.fromEntries(await request.formData());
  const c = Create.safeParse(form);
  if (c.success) {
    const { token } = await createApiToken(context.db, user.id, c.data.name);
    return { created: { name: c.data.name, token } };
  }
  const r = Revoke.safeParse(form);
  if (r.success) {
    const ok = await revokeApiToken(context.db, user, r.data.id);
    return ok ? { revoked: r.data.id } : Response.json({ error: "No such active token of yours." }, { status: 404 });
  }
  return Response.json({ error: form.intent === "create" ? "Name the token, e.g. the pipeline that uses it." : "Unknown action." }, { status: 400 });
}

type ActionData = { created: { name: string; token: string } } | { revoked: number } | { error: string };

export default function Tokens() {
  const { tokens, role } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  return (
    <main>
      <h1>API tokens</h1>
      <p className="sub">
        For CI pipelines: <code>GET /api/evals/:id/gate</code> and <code>GET /api/evals/:id/report</code> with <code>Authorization: Bearer &lt;token&gt;</code>. The gate answers HTTP 200
        with <code>{"{ decision, go, failing_gates }"}</code>: ship only when <code>go</code> is true. Tokens are stored hashed; each is shown once.
      </p>
      {result && "created" in result && (
        <div className="ok" data-testid="new-token">
          Token “{result.created.name}” created. Copy it now, it will not be shown again:
          <pre className="text" style={{ marginTop: 6 }}>
            <code data-testid="token-value">{result.created.token}</code>
          </pre>
        </div>
      )}
      {result && "error" in result && (
        <p className="error" role="alert">
          {result.error}
        </p>
      )}
      <div className="panel">
        <Form method="post" className="row">
          <input type="hidden" name="intent" value="create" />
          <label className="row">
            Name <input name="name" placeholder="e.g. release pipeline" required maxLength={100} />
          </label>
          <button className="btn" type="submit">
            Create token
          </button>
        </Form>
      </div>
      <div className="panel">
        {tokens.length === 0 ? (
          <p className="empty">No tokens yet.</p>
        ) : (
          <table data-testid="tokens">
            <thead>
              <tr>
                <th>Name</th>
                {role === "owner" && <th>Owner</th>}
                <th>Created</th>
                <th>Last used</th>
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  {role === "owner" && <td>{t.user_name}</td>}
                  <td>{t.created_at}</td>
                  <td>{t.last_used_at ?? "never"}</td>
                  <td>{t.revoked_at ? <span className="badge fail">revoked {t.revoked_at}</span> : <span className="badge pass">active</span>}</td>
                  <td>
                    {!t.revoked_at && (
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="id" value={t.id} />
                        <button className="btn secondary" type="submit">
                          Revoke
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </main>
  );
}
