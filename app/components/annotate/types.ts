import type { RatingScale } from "../../../db/types";

export type Choice = "left" | "right" | "tie" | "both_bad";
export type Side = "left" | "right";
export type SideRatings = Record<Side, Record<string, number>>;
export type { RatingScale };

export const CHOICES: { value: Choice; label: string; keys: string[] }[] = [
  { value: "left", label: "Left is better", keys: ["1", "←"] },
  { value: "right", label: "Right is better", keys: ["2", "→"] },
  { value: "tie", label: "Tie", keys: ["3", "t"] },
  { value: "both_bad", label: "Both bad", keys: ["4", "b"] },
];

export const CHOICE_LABEL: Record<Choice, string> = { left: "Left is better", right: "Right is better", tie: "Tie", both_bad: "Both bad" };

/** The rating cells in keyboard order: each criterion, left then right. */
export function ratingCells(criteria: string[]): { criterion: string; side: Side }[] {
  return criteria.flatMap((criterion) => [
    { criterion, side: "left" as const },
    { criterion, side: "right" as const },
  ]);
}
