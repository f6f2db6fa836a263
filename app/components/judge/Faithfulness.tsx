import { RoleBadge } from "../RoleBadge";
import { num } from "../format";
import type { JudgePageData } from "./types";

/** Faithfulness per system and examples of the candidate's unsupported claims. */
export function Faithfulness({ faithfulness }: { faithfulness: NonNullable<JudgePageData["figures"]["faithfulness"]> }) {
  return (
    <div className="panel" data-testid="faithfulness" style={{ marginTop: 16 }}>
      <h3 style={{ marginTop: 0 }}>Faithfulness (supported claims / all claims)</h3>
      <table>
        <thead>
          <tr>
            <th>System</th>
            <th className="num">Outputs scored</th>
            <th className="num">Mean</th>
          </tr>
        </thead>
        <tbody>
          {faithfulness.systems.map((s) => (
            <tr key={s.name}>
              <td>
                {s.name} <RoleBadge role={s.role} />
              </td>
              <td className="num">{s.n}</td>
              <td className="num">{num(s.mean)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{faithfulness.not_applicable} outputs are not applicable (their case has neither context nor reference).</p>
      {faithfulness.examples.length > 0 && (
        <>
          <h4>Unsupported claims of the candidate (examples)</h4>
          <ul data-testid="unsupported-claims">
            {faithfulness.examples.map((e, i) => (
              <li key={i}>
                <code>{e.case}</code>: “{e.claim}” <span className="muted">— {e.reason}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
