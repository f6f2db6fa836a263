import { mustChangePassword } from "../../db/accounts";
import { redirect, type HeadersFunction, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getUser, login, ROLE_HOME, safeNext } from "../services/auth.server";
import { LoginThrottled } from "../services/login-throttle.server";
import { HashingBusy } from "../services/password.server";

/** The action's Retry-After reaches the browser on a throttled sign-in. */
export const headers: HeadersFunction = ({ actionHeaders }) => (actionHeaders.has("Retry-After") ? { "Retry-After": actionHeaders.get("Retry-After")! } : new Headers());

export const meta: MetaFunction = () => [{ title: "Sign in · Arbiter" }];

const LoginForm = z.object({
  email: z.string().trim().min(1, "Enter your email").max(320).refine((s) => !s.includes("\u0000"), "email contains a NUL character"),
  password: z.string().min(1, "Enter your password").max(1000).refine((s) => !s.includes("\u0000"), "password contains a NUL character"),
  next: z.string().optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(request, context);
  const url = new URL(request.url);
  if (user) return redirect(safeNext(url.searchParams.get("next"), ROLE_HOME[user.role]));
  return { expired: url.searchParams.get("expired") === "1", signedOut: url.searchParams.get("signedout") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = LoginForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return Response.json({ error: parsed.error.issues[0].message }, { status: 400 });
  }
  let result: Awaited<ReturnType<typeof login>>;
  try {
    result = await login(context, parsed.data.email, parsed.data.password);
  } catch (err) {
    if (err instanceof LoginThrottled) return Response.json({ error: err.message }, { status: 429, headers: { "Retry-After": String(err.retryAfterSeconds) } });
    if (err instanceof HashingBusy) return Response.json({ error: err.message }, { status: 429, headers: { "Retry-After": "1" } });
    throw err;
  }
  if (!result.ok) {
    context.logger.info({ event: "login_failed" }, "login failed");
    // Deliberately the same words for an unknown email and a wrong password.
    return Response.json({ error: "That email and password do not match an account." }, { status: 401 });
  }
  context.logger.info({ event: "login", user: result.user.id, role: result.user.role }, "login");
  // A password someone else set (a new account, a reset) is replaced at the first sign-in.
  if (await mustChangePassword(context.db, result.user.id)) return redirect("/account?first=1", { headers: { "Set-Cookie": result.setCookie } });
  return redirect(safeNext(parsed.data.next, ROLE_HOME[result.user.role]), { headers: { "Set-Cookie": result.setCookie } });
}

export default function Login() {
  const { expired, signedOut } = useLoaderData<typeof loader>();
  const actionData = useActionData<{ error?: string }>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="login-wrap">
      <div className="panel login-card">
        <h1>Sign in to Arbiter</h1>
        <p className="muted">Blinded A/B evaluation, LLM judging and go/no-go reports.</p>
        {expired && <p className="notice">Your session has expired. Please sign in again.</p>}
        {signedOut && !expired && <p className="notice">You are signed out.</p>}
        {actionData?.error && (
          <p className="error" role="alert">
            {actionData.error}
          </p>
        )}
        <Form method="post" className="stack">
          <input type="hidden" name="next" value={params.get("next") ?? ""} />
          <label>
            Email
            <input name="email" type="email" autoComplete="username" required autoFocus />
          </label>
          <label>
            Password
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
          <button className="btn" type="submit" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </Form>
      </div>
    </div>
  );
}
