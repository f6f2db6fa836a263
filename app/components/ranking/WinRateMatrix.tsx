import type { RankingBoard } from "../../core/report/ranking";
import { pct } from "../format";

/** Background from red (row system loses) through white to green (row system wins). */
function shade(rate: number): string {
  const d = Math.max(-1, Math.min(1, (rate - 0.5) * 2));
  const [r, g, b] = d >= 0 ? [255 - 120 * d, 255 - 40 * d, 255 - 120 * d] : [255 + 20 * d, 255 + 110 * d, 255 + 110 * d];
  return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
}

/** Row system's win rate against the column system, (wins + ties / 2) / votes, with the counts on hover. */
export function WinRateMatrix({ board }: { board: RankingBoard }) {
  const names = board.systems;
  return (
    <table className="data matrix" data-testid={`matrix-${board.source}`}>
      <caption style={{ textAlign: "left", fontSize: 13, color: "#555" }}>Win rate of the row system against the column system; blank: never compared.</caption>
      <thead>
        <tr>
          <th scope="col">row vs column</th>
          {names.map((n) => (
            <th key={n} scope="col">
              {n}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {names.map((row, i) => (
          <tr key={row}>
            <th scope="row">{row}</th>
            {names.map((col, j) => {
              const c = board.matrix[i][j];
              if (i === j) return <td key={col} className="num" style={{ background: "#eee" }} />;
              if (!c) return <td key={col} className="num" />;
              return (
                <td key={col} className="num" style={{ background: shade(c.win_rate) }} title={`${row} vs ${col}: ${c.wins} wins, ${c.losses} losses, ${c.ties} ties of ${c.n}`}>
                  {pct(c.win_rate, { digits: 0 })}
                  <span style={{ color: "#666", fontSize: 11 }}> n={c.n}</span>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
