import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout } from "../services/auth.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const setCookie = await logout(request, context);
  return redirect("/login?signedout=1", { headers: { "Set-Cookie": setCookie } });
}

export async function loader() {
  return redirect("/login");
}
