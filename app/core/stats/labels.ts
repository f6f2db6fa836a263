/** The shapes agreement statistics share: labels, rating matrices and ordered category lists. */
import { StatsInputError } from "./errors.ts";

/** A rating. Compared by identity (Map key semantics), so the number 1 and the string "1" differ. */
export type Label = string | number;
/** A cell of a rating matrix; null, undefined and NaN mean "this rater did not rate this item". */
export type Rating = Label | null | undefined;
/** Rows are items (Krippendorff's units), columns are raters; rows may be shorter than the widest row. */
export type RatingMatrix = ReadonlyArray<ReadonlyArray<Rating>>;

/** A figure that may be undefined on degenerate input: then value is null and reason says why. */
export interface AgreementValue {
  value: number | null;
  reason?: string;
}

export function isPresent(r: Rating): r is Label {
  return r !== null && r !== undefined && !(typeof r === "number" && Number.isNaN(r));
}

export function raterCount(matrix: RatingMatrix): number {
  let width = 0;
  for (const row of matrix) if (row.length > width) width = row.length;
  return width;
}

export function describeLabels(labels: Iterable<Label>): string {
  return `{${[...labels].map((l) => JSON.stringify(l)).join(", ")}}`;
}

/**
 * The ordered category list for statistics that need an order (weighted kappa, ordinal alpha).
 * A given order wins and must contain every observed label; otherwise the labels must all be
 * numbers, ordered numerically. Strings are never ordered alphabetically by guesswork.
 */
export function orderedCategories(observed: Iterable<Label>, given?: readonly Label[]): Label[] {
  const seen = new Set(observed);
  if (given) {
    const allowed = new Set(given);
    if (allowed.size !== given.length) throw new StatsInputError("the ordered categories contain a duplicate");
    for (const label of seen) {
      if (!allowed.has(label)) {
        throw new StatsInputError(`label ${JSON.stringify(label)} is not among the ordered categories ${describeLabels(given)}`);
      }
    }
    return [...given];
  }
  const labels = [...seen];
  const nonNumeric = labels.find((l) => typeof l !== "number");
  if (nonNumeric !== undefined) {
    throw new StatsInputError(
      `label ${JSON.stringify(nonNumeric)} is not numeric, so the categories have no order; give the ordered categories`,
    );
  }
  return (labels as number[]).sort((a, b) => a - b);
}
