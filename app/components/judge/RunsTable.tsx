import { count, usd } from "../format";
import { RunErrors, RunStatus } from "./RunErrors";
import type { JudgePageData } from "./types";

/** Every judge run with its progress, failures, calls, cache hits, tokens and cost. */
export function RunsTable({ runs }: { runs: JudgePageData["runs"] }) {
  return (
    <>
      <h2>Judge runs</h2>
      {runs.length === 0 ? (
        <p className="muted">No judge run yet.</p>
      ) : (
        <div className="panel">
          <table data-testid="judge-runs">
            <thead>
              <tr>
                <th>#</th>
                <th>Started</th>
                <th>Protocol</th>
                <th>Model</th>
                <th>Progress</th>
                <th className="num">Verdicts</th>
                <th>Failed</th>
                <th className="num">Calls</th>
                <th className="num">Cache hits</th>
                <th className="num">Tokens</th>
                <th className="num">Cost</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => {
                const finished = r.done + r.failed;
                const kinds = Object.entries(r.failures);
                return (
                  <tr key={r.id} data-testid={`judge-run-${r.id}`}>
                    <td>{r.id}</td>
                    <td>{r.created_at}</td>
                    <td>{r.protocol}</td>
                    <td>{r.model}</td>
                    <td style={{ minWidth: 160 }}>
                      <div className="progress" style={{ marginTop: 0, height: 20 }}>
                        <div className="bar" style={{ width: `${r.total ? (100 * finished) / r.total : 100}%` }} />
                        <span style={{ lineHeight: "20px" }}>
                          {finished}/{r.total}
                        </span>
                      </div>
                    </td>
                    <td className="num">{r.verdicts}</td>
                    <td>{kinds.length === 0 ? "0" : kinds.map(([k, n]) => `${k} ${n}`).join(", ")}</td>
                    <td className="num">{r.calls}</td>
                    <td className="num">{r.cache_hits}</td>
                    <td className="num">{count(r.tokens_used)}</td>
                    <td className="num">{usd(r.cost_usd)}</td>
                    <td data-testid={`judge-run-status-${r.id}`} data-status={r.status}>
                      <RunStatus run={r} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <RunErrors runs={runs} />
        </div>
      )}
    </>
  );
}
