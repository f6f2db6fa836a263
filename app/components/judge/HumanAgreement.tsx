import { ciText, num, pct } from "../format";
import type { JudgePageData } from "./types";

/** How far the judge agrees with the human majority, with a confusion table per judge configuration. */
export function HumanAgreement({ agreement, human }: { agreement: JudgePageData["agreement"]; human: JudgePageData["human"] }) {
  return (
    <>
      <h2>Can the judge be trusted where no human looked?</h2>
      <div className="grid">
        <div className="stat">
          <div className="label">Human agreement (Krippendorff's α)</div>
          <div className="value" data-testid="human-alpha">{num(human?.alpha.value)}</div>
          <div className="hint">{human ? `${human.n} judgments · percent agreement ${pct(human.percent.value)}` : "no human judgments yet"}</div>
        </div>
        {agreement.map((a) => (
          <div className="stat" key={a.config_hash} data-testid="judge-human-agreement">
            <div className="label">
              Judge vs human majority · {a.model} <span className="muted">({a.config_hash.slice(0, 8)})</span>
            </div>
            <div className="value">κ {num(a.kappa)}</div>
            <div className="hint">
              n = {a.n} comparisons · accuracy {pct(a.accuracy)} ({ciText(a.ci95_accuracy)}){a.kappa_reason ? ` · ${a.kappa_reason}` : ""}
            </div>
          </div>
        ))}
      </div>
      {agreement.filter((a) => a.n > 0).map((a) => (
        <div className="panel" key={a.config_hash} style={{ marginTop: 16 }}>
          <h4 style={{ marginTop: 0 }}>
            Confusion: judge (rows) vs human majority (columns), {a.model}
          </h4>
          <table data-testid="confusion">
            <thead>
              <tr>
                <th />
                <th className="num">human: candidate</th>
                <th className="num">human: other</th>
                <th className="num">human: tie</th>
              </tr>
            </thead>
            <tbody>
              {(["a", "b", "tie"] as const).map((j) => (
                <tr key={j}>
                  <th>judge: {j === "a" ? "candidate" : j === "b" ? "other" : "tie"}</th>
                  <td className="num">{a.confusion[j].a}</td>
                  <td className="num">{a.confusion[j].b}</td>
                  <td className="num">{a.confusion[j].tie}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {agreement.length === 0 && <p className="muted">Judge-human agreement appears once the judge and annotators have both judged some of the same comparisons.</p>}
    </>
  );
}
