import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listEvals } from "../../db/evals";
import { requireUser } from "../services/auth.server";

export const meta: MetaFunction = () => [{ title: "Decisions · Arbiter" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, ["owner"]);
  return { evals: await listEvals(context.db) };
}

export default function OwnerHome() {
  const { evals } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>Go / no-go decisions</h1>
      <p className="sub">Read each eval's checklist against gates fixed in advance, then sign go or no-go.</p>
      {evals.length === 0 ? (
        <div className="panel empty" data-testid="owner-empty">
          <strong>Nothing to decide yet.</strong>
          A lead creates an eval and imports its data; its report appears here when evidence comes in.
        </div>
      ) : (
        <div className="panel" data-testid="owner-evals">
          <table>
            <thead>
              <tr>
                <th>Eval</th>
                <th className="num">Cases</th>
                <th className="num">Systems</th>
                <th>Report</th>
              </tr>
            </thead>
            <tbody>
              {evals.map((e) => (
                <tr key={e.id}>
                  <td>
                    {e.name}
                    <div className="muted">{e.description}</div>
                  </td>
                  <td className="num">{e.n_cases}</td>
                  <td className="num">{e.n_systems}</td>
                  <td>
                    <Link to={`/evals/${e.id}`}>Open</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
