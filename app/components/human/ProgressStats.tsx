import type { HumanProgress } from "../../../db/human-report";
import type { HumanReport } from "../../core/human-report";
import { ci, fmt, secs } from "./figures";

/** Four headline figures: comparisons, tasks done, throughput, Krippendorff's α. */
export function ProgressStats({ progress, report }: { progress: HumanProgress; report: HumanReport }) {
  const { agreement } = report;
  return (
    <div className="grid">
      <div className="stat">
        <div className="label">Comparisons</div>
        <div className="value" data-testid="comparisons-count">{progress.comparisons}</div>
        <div className="hint">
          {progress.complete} complete · k = {progress.k ?? "–"} · {progress.gold} gold
        </div>
      </div>
      <div className="stat">
        <div className="label">Tasks done</div>
        <div className="value" data-testid="tasks-done">
          {progress.done} / {progress.tasks}
        </div>
        <div className="hint">
          {progress.leased} leased now · {progress.expired} expired leases · {progress.open} open
        </div>
      </div>
      <div className="stat">
        <div className="label">Throughput</div>
        <div className="value">{report.throughput.last_hour}</div>
        <div className="hint">
          judgments in the last hour · {report.throughput.last_24h} in 24 h · median {secs(report.throughput.median_time_ms)} each
        </div>
      </div>
      <div className="stat">
        <div className="label">Krippendorff's α</div>
        <div className="value" data-testid="alpha">{fmt(agreement.alpha.value)}</div>
        <div className="hint">
          {ci(agreement.alpha.ci95)} over {agreement.alpha.n_units} comparisons
        </div>
      </div>
    </div>
  );
}
