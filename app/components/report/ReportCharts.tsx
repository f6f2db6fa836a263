/** Inline SVG charts of the report: rates with 95% interval bars, and metric deltas. Print-friendly. */
import { pct, pts } from "../format";

export interface RateBar {
  label: string;
  value: number | null;
  ci95: [number, number] | null;
  n: number;
  /** Second series (e.g. the baseline), drawn thinner under the first. */
  other?: { value: number | null; ci95: [number, number] | null } | null;
}

const W = 560;
const LABEL_W = 190;
const N_W = 50;
const PLOT_W = W - LABEL_W - N_W - 10;

function x(v: number, lo = 0, hi = 1): number {
  return LABEL_W + ((Math.max(lo, Math.min(hi, v)) - lo) / (hi - lo)) * PLOT_W;
}

/**
 * Labels are never cut: the viewBox grows to the left by what the longest label needs beyond the
 * label column (about 7 px a character at the charts' 12 px font).
 */
function viewBox(labels: string[], H: number): string {
  const need = Math.max(0, ...labels.map((l) => l.length)) * 7 + 12;
  const extra = Math.max(0, need - LABEL_W);
  return `${-extra} 0 ${W + extra} ${H}`;
}

const axisPct = (v: number | null) => pct(v, { digits: 0, none: "n/a" });

/** Horizontal rate bars in [0, 1] with interval whiskers and an optional reference line (e.g. 0.5 or a threshold). */
export function RateChart({ rows, reference, referenceLabel, testId, colors = ["#2f5bd3", "#94a3b8"] }: { rows: RateBar[]; reference?: number; referenceLabel?: string; testId?: string; colors?: [string, string] }) {
  const rowH = rows.some((r) => r.other) ? 34 : 26;
  const H = 24 + rows.length * rowH + 18;
  return (
    <svg viewBox={viewBox(rows.map((r) => r.label), H)} role="img" aria-label="rates with 95% intervals" data-testid={testId}>
      {[0, 0.25, 0.5, 0.75, 1].map((t) => (
        <g key={t}>
          <line className="axis" x1={x(t)} x2={x(t)} y1={16} y2={H - 18} strokeOpacity={t === 0 || t === 1 ? 1 : 0.4} />
          <text x={x(t)} y={H - 4} textAnchor="middle">
            {axisPct(t)}
          </text>
        </g>
      ))}
      <text x={W - N_W + 8} y={12} fontWeight={600}>
        n
      </text>
      {reference !== undefined && (
        <g>
          <line className="thr" x1={x(reference)} x2={x(reference)} y1={12} y2={H - 18} />
          <text x={x(reference) + 4} y={11} fill="#b7791f">
            {referenceLabel ?? axisPct(reference ?? null)}
          </text>
        </g>
      )}
      {rows.map((r, i) => {
        const y = 24 + i * rowH;
        const series = [{ value: r.value, ci95: r.ci95 }, ...(r.other ? [r.other] : [])];
        return (
          <g key={r.label}>
            <text x={LABEL_W - 8} y={y + 12} textAnchor="end">
              {r.label}
            </text>
            {series.map((s, k) => {
              const yy = y + k * 13;
              const h = k === 0 ? 11 : 8;
              return (
                <g key={k}>
                  {s.value !== null && <rect x={LABEL_W} y={yy + 2} width={x(s.value) - LABEL_W} height={h} fill={colors[k]} fillOpacity={k === 0 ? 0.35 : 0.3} rx={2} />}
                  {s.ci95 && (
                    <g stroke={colors[k]} strokeWidth={1.6}>
                      <line x1={x(s.ci95[0])} x2={x(s.ci95[1])} y1={yy + 2 + h / 2} y2={yy + 2 + h / 2} />
                      <line x1={x(s.ci95[0])} x2={x(s.ci95[0])} y1={yy + 2} y2={yy + 2 + h} />
                      <line x1={x(s.ci95[1])} x2={x(s.ci95[1])} y1={yy + 2} y2={yy + 2 + h} />
                    </g>
                  )}
                  {s.value !== null && <circle cx={x(s.value)} cy={yy + 2 + h / 2} r={3} fill={colors[k]} />}
                </g>
              );
            })}
            <text x={W - N_W + 8} y={y + 12}>
              {r.n}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface DeltaBar {
  label: string;
  delta: number;
  /** True when the change is for the better (direction-aware: lower WER is better). */
  better: boolean;
  /** The metric's full scale (1 for rates, 100 for BLEU and chrF), so bars of different metrics compare. */
  scale?: number;
}

/**
 * Diverging bars of candidate − baseline, green when better, red when worse. Every delta is in points
 * of its metric's 0–100 scale (a rate's 0.05 is 5 points, BLEU's 5 is 5 points), so bars compare.
 */
export function DeltaChart({ rows, testId }: { rows: DeltaBar[]; testId?: string }) {
  const max = Math.max(0.05, ...rows.map((r) => Math.abs(r.delta) / (r.scale ?? 1)));
  const rowH = 22;
  const H = 16 + rows.length * rowH + 18;
  const mid = LABEL_W + PLOT_W / 2;
  const scale = (d: number) => (d / max) * (PLOT_W / 2);
  return (
    <svg viewBox={viewBox(rows.map((r) => r.label), H)} role="img" aria-label="metric deltas" data-testid={testId}>
      <line className="axis" x1={mid} x2={mid} y1={8} y2={H - 18} />
      <text x={LABEL_W} y={H - 4}>
        baseline better
      </text>
      <text x={LABEL_W + PLOT_W} y={H - 4} textAnchor="end">
        candidate better
      </text>
      {rows.map((r, i) => {
        const y = 12 + i * rowH;
        const w = scale(r.delta / (r.scale ?? 1));
        // Draw "better" to the right whatever the metric's direction.
        const signed = r.better ? Math.abs(w) : -Math.abs(w);
        return (
          <g key={r.label}>
            <text x={LABEL_W - 8} y={y + 12} textAnchor="end">
              {r.label}
            </text>
            <rect x={signed >= 0 ? mid : mid + signed} y={y + 3} width={Math.max(1, Math.abs(signed))} height={12} fill={r.delta === 0 ? "#94a3b8" : r.better ? "#1f8a4c" : "#c0392b"} fillOpacity={0.75} rx={2} />
            <text x={signed >= 0 ? mid + Math.abs(signed) + 4 : mid + signed - 4} y={y + 13} textAnchor={signed >= 0 ? "start" : "end"}>
              {pts(r.delta / (r.scale ?? 1))}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
