import type { Figure } from "../../core/human-report";

/** A horizontal bar with a 95% whisker; `ref` draws a reference line (0.5 for shares). */
export function Bar({ value, ci95, min = 0, max = 1, refLine, color = "#2f5bd3" }: { value: number | null; ci95: [number, number] | null; min?: number; max?: number; refLine?: number; color?: string }) {
  const x = (v: number) => `${(100 * (Math.min(max, Math.max(min, v)) - min)) / (max - min)}%`;
  const zero = min < 0 ? 0 : min;
  return (
    <svg viewBox="0 0 100 22" preserveAspectRatio="none" role="img" aria-label={value === null ? "no value" : `value ${value.toFixed(2)}`}>
      <rect x="0" y="6" width="100%" height="10" fill="#eef1f6" />
      {value !== null && (
        <rect
          x={value >= zero ? x(zero) : x(value)}
          y="6"
          width={`${(100 * Math.abs(Math.min(max, Math.max(min, value)) - zero)) / (max - min)}%`}
          height="10"
          fill={color}
          opacity="0.85"
        />
      )}
      {refLine !== undefined && <line x1={x(refLine)} x2={x(refLine)} y1="2" y2="20" stroke="#6b7280" strokeDasharray="2 2" vectorEffect="non-scaling-stroke" />}
      {ci95 && (
        <g stroke="#111827" vectorEffect="non-scaling-stroke">
          <line x1={x(ci95[0])} x2={x(ci95[1])} y1="11" y2="11" vectorEffect="non-scaling-stroke" strokeWidth="1.5" />
          <line x1={x(ci95[0])} x2={x(ci95[0])} y1="5" y2="17" vectorEffect="non-scaling-stroke" strokeWidth="1.5" />
          <line x1={x(ci95[1])} x2={x(ci95[1])} y1="5" y2="17" vectorEffect="non-scaling-stroke" strokeWidth="1.5" />
        </g>
      )}
    </svg>
  );
}

export function ChartRow({ label, figure, text, min, max, refLine, testId }: { label: string; figure: Pick<Figure, "value" | "ci95">; text: string; min?: number; max?: number; refLine?: number; testId?: string }) {
  return (
    <div className="chart-row" data-testid={testId}>
      <span className="lbl" title={label}>
        {label}
      </span>
      <Bar value={figure.value} ci95={figure.ci95} min={min} max={max} refLine={refLine} />
      <span className="val">{text}</span>
    </div>
  );
}
