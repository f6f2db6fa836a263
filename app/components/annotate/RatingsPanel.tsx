/** Criteria ratings per side: each output rated on the eval's scale. */
import { ratingCells, type RatingScale, type Side, type SideRatings } from "./types";

export function RatingsPanel({ criteria, scale, ratings, cursor, onRate }: {
  criteria: string[]; scale: RatingScale; ratings: SideRatings; cursor: number; onRate: (criterion: string, side: Side, n: number, cell: number) => void;
}) {
  if (!criteria.length) return null;
  const values: number[] = [];
  for (let n = scale.min; n <= scale.max; n++) values.push(n);
  const cells = ratingCells(criteria);
  return (
    <div className="ab-section" aria-label="Ratings">
      <strong>
        Rate each answer <span className="muted">(optional; {scale.min} = {scale.low}, {scale.max} = {scale.high})</span>
      </strong>
      <div className="an-ratings">
        {criteria.map((crit) => (
          <div key={crit} className="an-rating-row">
            <span className="name">{crit}</span>
            {(["left", "right"] as const).map((side) => {
              const cell = cells.findIndex((c) => c.criterion === crit && c.side === side) + 1;
              return (
                <div key={side} className={`an-rating-cell${cursor === cell ? " cursor" : ""}`} data-testid={`rate-${side}-${crit}`}>
                  <span className="an-side">{side === "left" ? "L" : "R"}</span>
                  {values.map((n) => (
                    <button key={n} type="button" aria-pressed={ratings[side][crit] === n} aria-label={`${crit}, ${side} answer: ${n}`} onClick={() => onRate(crit, side, n, cell)}>
                      {n}
                    </button>
                  ))}
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
