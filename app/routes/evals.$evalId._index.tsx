import { evalFromParams } from "../services/eval-route.server";
import { RoleBadge } from "../components/RoleBadge";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { caseSlices, listSystems, outputCounts } from "../../db/evals";
import { EvalTabs } from "../components/EvalTabs";
import { requireUser } from "../services/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.eval.name ?? "Eval"} · Arbiter` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, ["lead", "owner"]);
  const ev = await evalFromParams(params, context);
  const [systems, slices, outputs] = await Promise.all([
    listSystems(context.db, ev.id),
    caseSlices(context.db, ev.id),
    outputCounts(context.db, ev.id),
  ]);
  return { role: user.role, eval: { id: ev.id, name: ev.name, description: ev.description, overlap_k: ev.overlap_k, seed: ev.seed }, systems, slices, outputs };
}

export default function EvalOverview() {
  const { eval: ev, systems, slices, outputs, role } = useLoaderData<typeof loader>();
  const total = slices.reduce((s, x) => s + x.n, 0);
  const suites = [...new Set(slices.map((s) => s.suite))];
  const categories = [...new Set(slices.map((s) => s.category))];
  const count = (suite: string, category: string) => slices.find((s) => s.suite === suite && s.category === category)?.n ?? 0;
  return (
    <main>
      <h1>{ev.name}</h1>
      <p className="sub">{ev.description}</p>
      <p className="no-print">
        <a className="btn secondary" href={`/evals/${ev.id}/human`} data-testid="human-link">
          Human A/B judging
        </a>
      </p>
      <EvalTabs evalId={ev.id} role={role} />
      <div className="grid">
        <div className="stat">
          <div className="label">Cases</div>
          <div className="value" data-testid="case-count">{total}</div>
        </div>
        <div className="stat">
          <div className="label">Systems</div>
          <div className="value">{systems.length}</div>
        </div>
        <div className="stat">
          <div className="label">Overlap k</div>
          <div className="value">{ev.overlap_k}</div>
          <div className="hint">annotators per comparison</div>
        </div>
        <div className="stat">
          <div className="label">Seed</div>
          <div className="value">{ev.seed}</div>
          <div className="hint">every random draw derives from it</div>
        </div>
      </div>
      <h2>Systems</h2>
      <div className="panel">
        {systems.length === 0 ? (
          <p className="empty">No systems yet. Name a candidate and a baseline, then import their outputs.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>System</th>
                <th>Role</th>
                <th className="num">Outputs</th>
                <th className="num">Errors</th>
              </tr>
            </thead>
            <tbody>
              {systems.map((s) => {
                const o = outputs.find((x) => x.system_id === s.id);
                return (
                  <tr key={s.id}>
                    <td>{s.name}</td>
                    <td>
                      <RoleBadge role={s.role} />
                    </td>
                    <td className="num">{o?.n ?? 0}</td>
                    <td className="num">{o?.n_errors ?? 0}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      <h2>Cases by suite and category</h2>
      <div className="panel">
        {total === 0 ? (
          <p className="empty">No cases yet. Import a JSONL or CSV file of cases.</p>
        ) : (
          <table data-testid="slices">
            <thead>
              <tr>
                <th>Suite</th>
                {categories.map((c) => (
                  <th key={c} className="num">
                    {c}
                  </th>
                ))}
                <th className="num">Total</th>
              </tr>
            </thead>
            <tbody>
              {suites.map((s) => (
                <tr key={s}>
                  <td>{s}</td>
                  {categories.map((c) => (
                    <td key={c} className="num">
                      {count(s, c)}
                    </td>
                  ))}
                  <td className="num">{categories.reduce((acc, c) => acc + count(s, c), 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </main>
  );
}
