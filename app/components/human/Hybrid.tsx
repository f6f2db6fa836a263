import type { HumanTabHybrid } from "../../services/hybrid.server";
import { interval, pct } from "../format";
import { needText } from "../report/Hybrid";

/**
 * The lead's view of hybrid evidence: how the human win rate's interval narrows as judgments
 * arrive, humans alone and with the judge (PPI++), and how many more judgments the human gates need.
 */
export function HybridPanel({ data, k }: { data: HumanTabHybrid; k: number }) {
  const p = data.hybrid?.ppi ?? null;
  return (
    <>
      <h2>Human win rate with the judge</h2>
      <div className="panel" data-testid="human-hybrid">
        {data.note && <p className="muted">{data.note}</p>}
        {data.hybrid?.sampling_note && <p className="notice" data-testid="human-sampling-note">{data.hybrid.sampling_note}</p>}
        {p ? (
          <p>
            Humans alone {pct(p.classical.win_rate)} {interval(p.classical.ci95)} over {p.classical.n} comparisons; with the judge on {p.ppi.n_unlabeled} more
            (PPI++) {pct(p.ppi.win_rate)} {interval(p.ppi.ci95)}, worth about {p.effective_n === null ? "—" : Math.round(p.effective_n)} human-judged comparisons.
          </p>
        ) : (
          <p className="muted" data-testid="human-hybrid-note">{data.hybrid?.ppi_note ?? "The prediction-powered interval needs judge verdicts and human judgments of the same comparisons."}</p>
        )}
        {data.narrowing.length > 0 && (
          <table data-testid="ppi-narrowing">
            <thead>
              <tr>
                <th className="num">Judgments</th>
                <th className="num">Comparisons</th>
                <th className="num">Humans alone, 95%</th>
                <th className="num">With the judge (PPI++), 95%</th>
                <th className="num">Effective n</th>
              </tr>
            </thead>
            <tbody>
              {data.narrowing.map((r) => (
                <tr key={r.judgments}>
                  <td className="num">{r.judgments}</td>
                  <td className="num">{r.comparisons}</td>
                  <td className="num">{interval(r.classical_ci95)}</td>
                  <td className="num">{interval(r.ppi_ci95)}</td>
                  <td className="num">{r.effective_n === null ? "—" : Math.round(r.effective_n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {data.gates.length > 0 && (
          <ul data-testid="human-gate-needs">
            {data.gates.map((g) => (
              <li key={g.id}>
                <code>{g.id}</code> ({g.status.replace("_", " ")}): {needText(g, k)}
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
