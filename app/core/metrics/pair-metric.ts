/**
 * A streaming metric over (prediction, reference) pairs: `add` one pair at a time, `result` at the end.
 * Corpus metrics keep only their sufficient statistics (n-gram match counts, edit totals, running sums),
 * so memory stays flat however many pairs are streamed through.
 */
export interface PairAccumulator {
  add(prediction: string, reference: string): void;
  /** The metric value over every pair added so far (NaN when no pair was added). */
  result(): number;
  /** Pairs added so far. */
  readonly n: number;
}

/** Mean of a per-pair score, the common case (exact match, token F1, ROUGE). */
export class MeanAccumulator implements PairAccumulator {
  private sum = 0;
  n = 0;
  constructor(private readonly score: (prediction: string, reference: string) => number) {}
  add(prediction: string, reference: string): void {
    this.sum += this.score(prediction, reference);
    this.n++;
  }
  result(): number {
    return this.n === 0 ? Number.NaN : this.sum / this.n;
  }
}
