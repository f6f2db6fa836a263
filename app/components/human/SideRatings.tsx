import type { SideRatingPair } from "../../core/side-ratings";
import { num, signed } from "../format";

/**
 * Criteria ratings per output (issue 15 item 3), per pair of systems: each system's mean rating and
 * the mean difference over comparisons with its 95% interval.
 */
export function SideRatings({ pairs }: { pairs: SideRatingPair[] }) {
  if (!pairs.length) return null;
  return (
    <>
      <h2>Criteria ratings per output</h2>
      {pairs.map((p) => {
        const [first, second] = p.pair.split(" vs ");
        return (
          <div className="panel" key={p.pair} data-testid="side-ratings">
            <h3 style={{ marginTop: 0, fontSize: 15 }}>{p.pair}: each output rated on its own</h3>
            <table>
              <thead>
                <tr>
                  <th>Criterion</th>
                  <th className="num">{first} (mean)</th>
                  <th className="num">{second} (mean)</th>
                  <th className="num">Difference</th>
                  <th className="num">95% interval</th>
                  <th className="num">Comparisons</th>
                  <th className="num">Ratings</th>
                </tr>
              </thead>
              <tbody>
                {p.rows.map((r) => (
                  <tr key={r.criterion} data-testid={`side-rating-${r.criterion}`}>
                    <td>{r.criterion}</td>
                    <td className="num" data-testid="mean-a">{num(r.mean_a)}</td>
                    <td className="num" data-testid="mean-b">{num(r.mean_b)}</td>
                    <td className="num">{signed(r.mean_diff, 2)}</td>
                    <td className="num">{r.ci95 ? `[${signed(r.ci95[0], 2)}, ${signed(r.ci95[1], 2)}]` : "—"}</td>
                    <td className="num">{r.n_items}</td>
                    <td className="num">
                      {r.n_a} / {r.n_b}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted small">Difference: {first} − {second}, the mean over comparisons of the mean over their votes that rated both outputs; interval normal over comparisons.</p>
          </div>
        );
      })}
    </>
  );
}
