import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "../services/auth.server";

export const meta: MetaFunction = () => [{ title: "My queue · Arbiter" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, ["annotator"]);
  return { name: user.name };
}

export default function AnnotatorHome() {
  const { name } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>My queue</h1>
      <p className="sub">Hello {name}. You judge pairs of answers without knowing which model wrote which.</p>
      <div className="panel empty" data-testid="annotator-empty">
        <strong>No comparisons are waiting for you.</strong>
        When a lead opens an eval for human judging, its tasks appear here. Nothing to do until then.
      </div>
    </main>
  );
}
