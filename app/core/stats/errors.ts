/**
 * Errors the statistics core throws for input it cannot give a number for. Degenerate but
 * well-formed input (one label only, nothing pairable) is not an error: it yields `value: null`
 * with a reason. These errors are for input that is malformed for the requested statistic.
 */

/** The input does not fit the statistic (wrong rater count, incomplete data, non-numeric labels). */
export class StatsInputError extends Error {
  override readonly name = "StatsInputError";
}

/** Bradley-Terry needs every system reachable from every other through comparisons. */
export class DisconnectedComparisonGraphError extends StatsInputError {
  constructor(readonly components: string[][]) {
    super(
      `the comparison graph is disconnected: ${components.length} components ` +
        components.map((c) => `{${c.join(", ")}}`).join(" ") +
        "; scores of systems in different components cannot be compared",
    );
  }
}

/**
 * The Bradley-Terry likelihood has no finite maximum: some group of systems never lost (not even
 * a tie) to the systems outside it (Hunter 2004, Assumption 1), so its strength runs to infinity.
 */
export class NoFiniteMaximumError extends StatsInputError {
  constructor(readonly undefeatedGroup: string[]) {
    super(
      `Bradley-Terry has no finite maximum-likelihood estimate: {${undefeatedGroup.join(", ")}} ` +
        "never lost or tied against any other system; more comparisons are needed",
    );
  }
}
