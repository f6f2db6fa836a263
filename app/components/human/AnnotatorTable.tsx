import type { HumanReport } from "../../core/human-report";
import { Bar } from "./Bars";
import { ci, pct, secs } from "./figures";

/** Per annotator: volume, speed, agreement with the others, gold accuracy and left-position bias. */
export function AnnotatorTable({ annotators, name }: { annotators: HumanReport["annotators"]; name: (id: number) => string }) {
  return (
    <>
      <h2>Annotators</h2>
      <div className="panel">
        <table data-testid="annotator-table">
          <thead>
            <tr>
              <th>Annotator</th>
              <th className="num">Judged</th>
              <th className="num">Median time</th>
              <th>Agreement with the majority of the others</th>
              <th>Gold accuracy</th>
              <th>Share of "left" among decisive answers</th>
            </tr>
          </thead>
          <tbody>
            {annotators.map((a) => (
              <tr key={a.id}>
                <td>{name(a.id)}</td>
                <td className="num">{a.n}</td>
                <td className="num">{secs(a.median_time_ms)}</td>
                <td style={{ minWidth: 180 }}>
                  <Bar value={a.majority.value} ci95={a.majority.ci95} />
                  <span className="muted" style={{ fontSize: 12 }}>
                    {a.majority.value === null ? "no majority to compare with yet" : `${pct(a.majority.value)} ${ci(a.majority.ci95, pct)} n=${a.majority.n}`}
                  </span>
                </td>
                <td style={{ minWidth: 150 }}>
                  <Bar value={a.gold.value} ci95={a.gold.ci95} color="#1f8a4c" />
                  <span className="muted" style={{ fontSize: 12 }}>
                    {a.gold.value === null ? "no gold item yet" : `${pct(a.gold.value)} ${ci(a.gold.ci95, pct)} n=${a.gold.n}`}
                  </span>
                </td>
                <td style={{ minWidth: 180 }}>
                  <Bar value={a.left_share.value} ci95={a.left_share.ci95} refLine={0.5} color="#b7791f" />
                  <span className={`muted${a.left_share.ci95 && (a.left_share.ci95[0] > 0.5 || a.left_share.ci95[1] < 0.5) ? " warn-text" : ""}`} style={{ fontSize: 12 }}>
                    {a.left_share.value === null ? "no decisive answer" : `${pct(a.left_share.value)} ${ci(a.left_share.ci95, pct)} n=${a.left_share.n}`}
                    {a.left_share.ci95 && (a.left_share.ci95[0] > 0.5 || a.left_share.ci95[1] < 0.5) ? " · position bias" : ""}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
