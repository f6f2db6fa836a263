import type { HumanReport } from "../../core/human-report";
import { identicalText, nText, pText, winRateInterval, winRateText } from "../report/preference-format";
import { ChartRow } from "./Bars";

/**
 * Human win rates per pair of systems and category, as bars and as a table. The comparison is the
 * unit (its score is the mean of its votes) and identical pairs count as ties: the report's definition
 * and digits (app/core/report/preference.ts, app/components/report/preference-format.ts).
 */
export function WinRates({ winRates }: { winRates: HumanReport["winRates"] }) {
  return (
    <>
      <h2>Human win rates by category</h2>
      {winRates.map((w) => (
        <div className="panel" key={w.pair} data-testid="win-rates">
          <h3 style={{ marginTop: 0, fontSize: 15 }}>{w.pair}: win rate of the first over the second = mean over comparisons of the mean of their votes</h3>
          <div className="legend">
            dashed line at 0.5; whiskers are 95% intervals resampling comparisons with all their votes
            {identicalText(w.n_identical) && <span data-testid="human-identical"> · {identicalText(w.n_identical)}</span>}
          </div>
          {w.rows.map((r) => (
            <ChartRow
              key={r.category}
              label={`${r.category} (n=${r.n})`}
              figure={{ value: r.win_rate, ci95: r.ci95 }}
              refLine={0.5}
              text={`${winRateText(r.win_rate)} ${r.ci95 ? winRateInterval(r.ci95) : ""}`}
            />
          ))}
          <table style={{ marginTop: 10 }}>
            <thead>
              <tr>
                <th>Category</th>
                <th className="num">Win rate [95%]</th>
                <th className="num">n</th>
                <th className="num">Won</th>
                <th className="num">Lost</th>
                <th className="num">Tied</th>
                <th className="num">All both bad</th>
                <th className="num">Decisive win rate [95%]</th>
                <th className="num">Sign test p</th>
              </tr>
            </thead>
            <tbody>
              {w.rows.map((r) => (
                <tr key={r.category} data-testid={`human-winrate-${r.category}`}>
                  <td>{r.category}</td>
                  <td className="num">
                    <span data-testid={r.category === "all" ? "human-tab-winrate" : undefined}>{winRateText(r.win_rate)}</span>{" "}
                    <span data-testid={r.category === "all" ? "human-tab-ci" : undefined}>{winRateInterval(r.ci95)}</span>
                  </td>
                  <td className="num" data-testid={r.category === "all" ? "human-tab-n" : undefined}>
                    {nText(r.n, r.n_votes)}
                  </td>
                  <td className="num">{r.wins}</td>
                  <td className="num">{r.losses}</td>
                  <td className="num">{r.ties + r.both_bad}</td>
                  <td className="num">{r.both_bad}</td>
                  <td className="num">
                    {winRateText(r.decisive_win_rate)} {r.ci95_decisive ? winRateInterval(r.ci95_decisive) : ""}
                  </td>
                  <td className="num">{pText(r.p_value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}
