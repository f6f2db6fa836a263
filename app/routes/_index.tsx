import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getUser, ROLE_HOME } from "../services/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(request, context);
  return redirect(user ? ROLE_HOME[user.role] : "/login");
}
