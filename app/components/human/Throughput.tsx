import type { HumanReport } from "../../core/human-report";

/** Judgments per hour over the last 24 hours, one bar an hour. */
export function Throughput({ throughput }: { throughput: HumanReport["throughput"] }) {
  const maxHour = Math.max(1, ...throughput.per_hour.map((h) => h.n));
  return (
    <>
      <h2>Throughput, judgments per hour (last 24 h)</h2>
      <div className="panel">
        <svg viewBox="0 0 240 60" width="100%" height="80" preserveAspectRatio="none" role="img" aria-label="judgments per hour">
          {throughput.per_hour.map((h, i) => (
            <rect key={h.hour_start} x={i * 10 + 1} y={58 - (56 * h.n) / maxHour} width={8} height={(56 * h.n) / maxHour} fill="#2f5bd3">
              <title>{`${new Date(h.hour_start).toISOString().slice(11, 16)} UTC: ${h.n}`}</title>
            </rect>
          ))}
        </svg>
        <div className="legend">one bar per hour, the latest on the right; peak {maxHour}</div>
      </div>
    </>
  );
}
