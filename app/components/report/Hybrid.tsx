import type { GateResult } from "../../core/report/gate-evaluation";
import type { HybridSection, LengthBlock } from "../../core/report/hybrid";
import { interval, num, pct } from "../format";

/**
 * Hybrid evidence (issue 17): the human win rate by humans alone and prediction-powered with the
 * judge, and the length-controlled win rates. Figures come computed in the report body.
 */
export function HybridEvidence({ hybrid }: { hybrid: HybridSection | undefined }) {
  if (!hybrid) return null;
  const p = hybrid.ppi;
  return (
    <div className="panel" data-testid="hybrid">
      <h3 style={{ marginTop: 0, fontSize: 15 }}>Human win rate: humans alone and with the judge (prediction-powered, PPI++)</h3>
      {p ? (
        <div className="grid">
          <div className="stat" data-testid="ppi-classical">
            <div className="label">Humans alone (classical)</div>
            <div className="value">{pct(p.classical.win_rate)}</div>
            <div className="hint">
              95% {interval(p.classical.ci95)} · n {p.classical.n} comparisons
            </div>
          </div>
          <div className="stat" data-testid="ppi-interval">
            <div className="label">With the judge (PPI++)</div>
            <div className="value">{pct(p.ppi.win_rate)}</div>
            <div className="hint">
              95% {interval(p.ppi.ci95)} · {p.ppi.n_labeled} human-judged + {p.ppi.n_unlabeled} judge-only · λ = {num(p.ppi.lambda, 3)}
            </div>
          </div>
          <div className="stat" data-testid="ppi-effective-n">
            <div className="label">Effective human judgments</div>
            <div className="value">{p.effective_n === null ? "—" : Math.round(p.effective_n)}</div>
            <div className="hint">the judge makes {p.classical.n} human-judged comparisons worth this many (n × classical variance / PPI variance)</div>
          </div>
        </div>
      ) : null}
      {p?.strata && (
        <table data-testid="ppi-strata">
          <caption style={{ textAlign: "left" }} className="muted small">
            The queue served some slices first (recorded allocations, human tab): PPI++ within each stratum, combined with the strata's shares.
          </caption>
          <thead>
            <tr>
              <th>Stratum</th>
              <th className="num">Share</th>
              <th className="num">Human-judged</th>
              <th className="num">Judge only</th>
              <th className="num">Sampled</th>
              <th className="num">λ</th>
              <th className="num">Win rate</th>
            </tr>
          </thead>
          <tbody>
            {p.strata.map((s) => (
              <tr key={s.label}>
                <td>{s.label}</td>
                <td className="num">{pct(s.weight)}</td>
                <td className="num">{s.n_labeled}</td>
                <td className="num">{s.n_unlabeled}</td>
                <td className="num">{pct(s.fraction)}</td>
                <td className="num">{num(s.lambda, 3)}</td>
                <td className="num">{pct(s.win_rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hybrid.ppi_note && <p className={p ? "muted small" : "notice"} data-testid="ppi-note">{hybrid.ppi_note}</p>}
      {hybrid.sampling_note && <p className="notice" data-testid="sampling-note">{hybrid.sampling_note}</p>}
      <h3 style={{ fontSize: 15 }}>Length-controlled win rates</h3>
      <div className="grid">
        <LengthStat who="Judge" block={hybrid.length.judge} testId="lc-judge" />
        <LengthStat who="Humans" block={hybrid.length.human} testId="lc-human" />
      </div>
    </div>
  );
}

/** The LC win rate beside the raw one, and how often the longer output won. */
export function LengthStat({ who, block, testId }: { who: string; block: LengthBlock | null; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <div className="label">{who}: length-controlled win rate</div>
      {block ? (
        <>
          <div className="value">{pct(block.lc_win_rate)}</div>
          <div className="hint">
            95% {interval(block.ci95)} · raw {pct(block.raw_win_rate)} · n {block.n}
          </div>
          <div className="hint" data-testid={testId ? `${testId}-longer` : undefined}>
            {block.longer_won === null
              ? "no decisive comparison with outputs of different lengths"
              : `the longer output won ${pct(block.longer_won, { digits: 0 })} of decisive comparisons (${block.longer_won_n})`}
          </div>
          {block.note && <div className="hint muted">{block.note}</div>}
        </>
      ) : (
        <div className="hint">no comparison with both outputs yet</div>
      )}
    </div>
  );
}

/** Gates that are not conclusive or lack data, and how many comparisons would settle them. */
export function GateNeeds({ gates, k }: { gates: readonly GateResult[]; k?: number | null }) {
  const open = gates.filter((g) => g.n_needed !== undefined || g.cannot_clear);
  if (open.length === 0) return null;
  return (
    <ul className="small" data-testid="gate-needs" style={{ marginBottom: 0 }}>
      {open.map((g) => (
        <li key={g.id}>
          <code>{g.id}</code>: {needText(g, k)}
        </li>
      ))}
    </ul>
  );
}

export function needText(g: Pick<GateResult, "n" | "n_needed" | "cannot_clear" | "metric">, k?: number | null): string {
  if (g.cannot_clear) return "the estimate sits on the threshold: more data cannot clear it";
  if (g.n_needed === null || g.n_needed === undefined) return "no estimate yet to say how much more data it needs";
  const more = Math.max(0, g.n_needed - g.n);
  const judgments = k && g.metric.startsWith("human_") ? `, about ${more * k} more judgments (k = ${k})` : "";
  return `would clear the threshold at about ${g.n_needed} comparisons if the estimate held (${more} more${judgments})`;
}
