import { Link } from "@remix-run/react";
import type { RankingSection } from "../../core/report/ranking";
import { Leaderboard } from "./Leaderboard";
import { WinRateMatrix } from "./WinRateMatrix";

/**
 * The multi-system ranking of a report: per source (human judgments, judge verdicts) a leaderboard
 * and a win-rate matrix. On the report it shows when more than two systems were compared (with two
 * the preference section says it all); the ranking page shows it always.
 */
export function RankingPanel({ ranking, evalId, always = false }: { ranking: RankingSection | null | undefined; evalId: number; always?: boolean }) {
  const boards = [ranking?.human, ranking?.judge].filter((b): b is NonNullable<typeof b> => Boolean(b) && (always || b!.systems.length > 2));
  if (!boards.length) {
    return always ? <p data-testid="ranking-empty">No pairwise judgments or verdicts yet: the ranking needs systems compared with each other (judged in Arbiter or imported).</p> : null;
  }
  return (
    <section data-testid="ranking">
      {!always && (
        <h2>
          Ranking of all systems{" "}
          <Link to={`/evals/${evalId}/ranking`} className="no-print" style={{ fontSize: 13, fontWeight: "normal" }}>
            (own page)
          </Link>
        </h2>
      )}
      {boards.map((b) => (
        <div className="panel" key={b.source}>
          <h3 style={{ marginTop: 0, fontSize: 15 }}>{b.source === "human" ? "From human judgments" : "From the judge's pairwise verdicts"}</h3>
          <Leaderboard board={b} />
          <div style={{ overflowX: "auto", marginTop: 12 }}>
            <WinRateMatrix board={b} />
          </div>
        </div>
      ))}
    </section>
  );
}
