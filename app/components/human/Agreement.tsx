import type { HumanReport } from "../../core/human-report";
import { ChartRow } from "./Bars";
import { ci, fmt, pct } from "./figures";

/** Krippendorff's α, Fleiss' κ, percent agreement and Cohen's κ per annotator pair. */
export function Agreement({ agreement, name }: { agreement: HumanReport["agreement"]; name: (id: number) => string }) {
  return (
    <>
      <h2>Agreement on the verdict</h2>
      <div className="panel" data-testid="agreement">
        <div className="legend">bars from 0 to 1 (negative values clip at 0); whiskers are bootstrap 95% intervals over comparisons</div>
        <ChartRow
          label="Krippendorff's α (nominal)"
          figure={agreement.alpha}
          text={`${fmt(agreement.alpha.value)} ${ci(agreement.alpha.ci95)} n=${agreement.alpha.n_units}`}
          testId="agreement-alpha"
        />
        <ChartRow
          label={`Fleiss' κ (${agreement.fleiss.n_raters} raters)`}
          figure={agreement.fleiss}
          text={agreement.fleiss.value === null ? agreement.fleiss.reason ?? "–" : `${fmt(agreement.fleiss.value)} ${ci(agreement.fleiss.ci95)} n=${agreement.fleiss.n}`}
          testId="agreement-fleiss"
        />
        <ChartRow label="Percent agreement" figure={agreement.percent} text={`${pct(agreement.percent.value)} ${ci(agreement.percent.ci95, pct)}`} />
        <h3 style={{ fontSize: 14, margin: "14px 0 4px" }}>Cohen's κ per annotator pair</h3>
        {agreement.cohen.length === 0 && <p className="muted">No two annotators have judged the same comparison yet.</p>}
        {agreement.cohen.map((c) => (
          <ChartRow
            key={`${c.a}-${c.b}`}
            label={`${name(c.a)} × ${name(c.b)}`}
            figure={c}
            text={c.value === null ? c.reason ?? "–" : `${fmt(c.value)} ${ci(c.ci95)} n=${c.n}`}
            testId="cohen-row"
          />
        ))}
      </div>
    </>
  );
}
