import type { RankingBoard } from "../../core/report/ranking";
import { DASH, interval, num, pct } from "../format";

const score = (v: number) => num(v, 0);

/** The Bradley-Terry leaderboard of one source: rank, score on the 400·log10 scale with its 95% interval, record. */
export function Leaderboard({ board }: { board: RankingBoard }) {
  if (board.error) {
    return (
      <p className="notice" data-testid={`ranking-error-${board.source}`}>
        No leaderboard from these {board.source === "human" ? "judgments" : "verdicts"}: {board.error}
      </p>
    );
  }
  return (
    <table className="data" data-testid={`leaderboard-${board.source}`}>
      <caption style={{ textAlign: "left", fontSize: 13, color: "#555" }}>
        Bradley-Terry score, 400·log10 scale ({board.anchor ? `${board.anchor} = 0` : "mean = 0"}); 95% interval from {board.resamples.toLocaleString()} bootstrap resamples;{" "}
        {board.n_votes.toLocaleString()} {board.source === "human" ? "judgments" : "verdicts"}, ties and “both bad” as half a win each.
      </caption>
      <thead>
        <tr>
          <th>#</th>
          <th>system</th>
          <th>score</th>
          <th>95% interval</th>
          <th>wins</th>
          <th>losses</th>
          <th>ties</th>
          <th>win rate</th>
        </tr>
      </thead>
      <tbody>
        {board.leaderboard.map((s) => {
          const n = s.wins + s.losses + s.ties;
          return (
            <tr key={s.name}>
              <td>{s.rank}</td>
              <td>{s.name}</td>
              <td className="num">{score(s.score)}</td>
              <td className="num">{s.name === board.anchor ? "anchor (0)" : s.ci95 ? interval(s.ci95, score) : DASH}</td>
              <td className="num">{s.wins}</td>
              <td className="num">{s.losses}</td>
              <td className="num">{s.ties}</td>
              <td className="num">{n ? pct((s.wins + s.ties / 2) / n) : DASH}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
