import type { HumanReport } from "../../core/human-report";
import { ChartRow } from "./Bars";
import { ci, fmt } from "./figures";

/** Human win rates per pair of systems and category, as bars and as a table. */
export function WinRates({ winRates }: { winRates: HumanReport["winRates"] }) {
  return (
    <>
      <h2>Human win rates by category</h2>
      {winRates.map((w) => (
        <div className="panel" key={w.pair} data-testid="win-rates">
          <h3 style={{ marginTop: 0, fontSize: 15 }}>
            {w.pair}: win rate of the first over the second = (wins + ties/2) / n
          </h3>
          <div className="legend">dashed line at 0.5; whiskers are 95% intervals resampling comparisons</div>
          {w.rows.map((r) => (
            <ChartRow
              key={r.category}
              label={`${r.category} (n=${r.n})`}
              figure={{ value: r.win_rate, ci95: r.ci95 }}
              refLine={0.5}
              text={`${fmt(r.win_rate)} ${ci(r.ci95)}`}
            />
          ))}
          <table style={{ marginTop: 10 }}>
            <thead>
              <tr>
                <th>Category</th>
                <th className="num">n</th>
                <th className="num">Wins</th>
                <th className="num">Losses</th>
                <th className="num">Ties</th>
                <th className="num">Both bad</th>
                <th className="num">Decisive win rate [Wilson 95%]</th>
                <th className="num">Sign test p</th>
              </tr>
            </thead>
            <tbody>
              {w.rows.map((r) => (
                <tr key={r.category}>
                  <td>{r.category}</td>
                  <td className="num">{r.n}</td>
                  <td className="num">{r.wins}</td>
                  <td className="num">{r.losses}</td>
                  <td className="num">{r.ties}</td>
                  <td className="num">{r.both_bad}</td>
                  <td className="num">
                    {fmt(r.decisive_win_rate)} {ci(r.ci95_decisive)}
                  </td>
                  <td className="num">{r.p_value === null ? "–" : r.p_value.toPrecision(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}
