import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listEvals } from "../../db/evals";
import { decisionsByEval } from "../../db/report-data";
import { requireUser } from "../services/auth.server";
import { refreshIfReported } from "../services/report.server";

export const meta: MetaFunction = () => [{ title: "Decisions · Arbiter" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, ["owner"]);
  const evals = await listEvals(context.db);
  // Every reported eval's decision is recomputed from the current evidence (a new snapshot only when
  // its content hash is new), so the decision shown here is never that of a stale snapshot.
  for (const e of evals) await refreshIfReported(context.db, e.id, user.id);
  const decisions = await decisionsByEval(context.db);
  return {
    evals: evals.map((e) => {
      const d = decisions.get(e.id);
      return { ...e, report_id: d?.report_id ?? null, decision: d?.decision ?? null, signoff: d?.signoff ? { ...d.signoff, at: new Date(d.signoff.at).toISOString().slice(0, 10) } : null };
    }),
  };
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
                <th>Latest decision</th>
                <th>Sign-off</th>
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
                  <td data-testid={`decision-${e.name}`}>
                    {e.decision ? (
                      <span className={`badge ${e.decision === "SHIP" ? "pass" : e.decision === "NO_GO" ? "fail" : "insufficient"}`}>
                        {e.decision === "SHIP" ? "SHIP" : e.decision === "NO_GO" ? "NO-GO" : "NO-GO · insufficient"}
                      </span>
                    ) : (
                      <span className="muted">not computed</span>
                    )}
                  </td>
                  <td>
                    {e.signoff ? (
                      <>
                        <span className={`badge ${e.signoff.decision === "go" ? "pass" : "fail"}`}>{e.signoff.decision === "go" ? "GO" : "NO-GO"}</span>{" "}
                        {e.signoff.override && (
                          <span className="override-mark" data-testid={`override-${e.name}`} style={{ background: "var(--bad)", color: "#fff", borderRadius: 4, padding: "1px 6px", fontSize: 12, fontWeight: 700 }}>
                            OVERRIDE
                          </span>
                        )}{" "}
                        <span className="muted">{e.signoff.at}</span>
                        {e.signoff.report_id !== e.report_id && (
                          <div style={{ color: "var(--bad)", fontWeight: 600 }} data-testid={`stale-signoff-${e.name}`}>
                            for an older snapshot: the evidence changed since; the current report is not signed off
                          </div>
                        )}
                      </>
                    ) : (
                      <span className="muted">awaiting sign-off</span>
                    )}
                  </td>
                  <td>
                    <Link to={`/evals/${e.id}/report`}>Read report</Link>
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
