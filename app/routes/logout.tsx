import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout } from "../services/auth.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const setCookie = await logout(request, context);
  return redirect("/login?signedout=1", { headers: { "Set-Cookie": setCookie } });
}

/** POST only (and same-origin, like every state-changing request: request-guard.server.ts): a link or an image cannot sign anyone out. */
export async function loader() {
  return new Response("Sign out with the button (a POST).", { status: 405, headers: { Allow: "POST", "Content-Type": "text/plain; charset=utf-8" } });
}
