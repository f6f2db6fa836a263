import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listEvals } from "../../db/evals";
import { requireUser } from "../services/auth.server";

export const meta: MetaFunction = () => [{ title: "Evals · Arbiter" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, ["lead"]);
  return { evals: await listEvals(context.db) };
}

export default function LeadHome() {
  const { evals } = useLoaderData<typeof loader>();
  return (
    <main>
      <div className="row">
        <h1>Evals</h1>
        <span className="spacer" />
        <Link className="btn" to="/lead/new">
          New eval
        </Link>
      </div>
      <p className="sub">Each eval asks one question: does the candidate beat its baseline on this held-out set?</p>
      {evals.length === 0 ? (
        <div className="panel empty" data-testid="lead-empty">
          <strong>No evals yet.</strong>
          Create one with <Link to="/lead/new">New eval</Link> (or <code>npx arbiter eval create NAME</code>), then import its cases and outputs.
        </div>
      ) : (
        <div className="panel" data-testid="eval-list">
          <table>
            <thead>
              <tr>
                <th>Eval</th>
                <th className="num">Cases</th>
                <th className="num">Systems</th>
                <th className="num">Outputs</th>
                <th className="num">Overlap k</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {evals.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link to={`/evals/${e.id}`}>{e.name}</Link>
                    <div className="muted">{e.description}</div>
                  </td>
                  <td className="num">{e.n_cases}</td>
                  <td className="num">{e.n_systems}</td>
                  <td className="num">{e.n_outputs}</td>
                  <td className="num">{e.overlap_k}</td>
                  <td>{new Date(e.created_at).toISOString().slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
