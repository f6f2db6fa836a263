/**
 * How well can an annotator guess the candidate's next side from the sides they have seen so far?
 * (issue 13 item 4, DESIGN rule 3). Input: per annotator, their sequence of sides in serving
 * order (true = candidate on the left). Output: the hit rate of several guessers over every
 * prediction (each position from the second on), and the best of them.
 *
 * The guessers:
 *   - alternate / repeat: the opposite of / the same as the last side (alternation was what the old
 *     |left - right| <= 1 rule gave away: 75%);
 *   - balance: the side that brings left and right back together (a coin when they are equal);
 *   - context: for each context (imbalance so far, clamped to +-(bound + 1), and the last two
 *     sides) the side that followed it more often, learnt on half of the annotators and scored on
 *     the other half, and the other way round. Cross-fitting keeps it honest: scored on the data it
 *     learnt from, a guesser with 50 contexts looks about 1.5 points better than it is.
 *
 * Theory for the big-stick design with bound b and fair coins below it: the imbalance is a
 * reflected walk on -b..b whose stationary mass is 1/(2b) at each inner state and 1/(4b) at each
 * bound; at a bound the next side is certain, elsewhere a coin, so the best guesser scores
 * 1/(2b) + (1 - 1/(2b))/2 = 1/2 + 1/(4b): 7/12 = 0.583 for b = 3.
 */

export interface Predictability {
  annotators: number;
  predictions: number;
  hitRates: Record<"alternate" | "repeat" | "balance" | "context", number>;
  best: { guesser: string; hitRate: number };
  /** Largest |left - right| reached at any time by any annotator. */
  maxImbalance: number;
  /** Largest |left - right| at the end of a sequence. */
  maxFinalImbalance: number;
}

/** The theoretical best hit rate for a big-stick bound (see the header). */
export function bigStickHitRate(bound: number): number {
  return 0.5 + 1 / (4 * bound);
}

function contextKey(d: number, seq: readonly boolean[], i: number, clamp: number): string {
  const dc = Math.max(-clamp, Math.min(clamp, d));
  const last = seq[i - 1] ? "L" : "R";
  const before = i >= 2 ? (seq[i - 2] ? "L" : "R") : "-";
  return `${dc}:${before}${last}`;
}

/** Per context, how often left and right came next, over the given sequences. */
function learn(seqs: readonly (readonly boolean[])[], clamp: number): Map<string, [number, number]> {
  const counts = new Map<string, [number, number]>();
  for (const seq of seqs) {
    let d = seq.length ? (seq[0] ? 1 : -1) : 0;
    for (let i = 1; i < seq.length; i++) {
      const key = contextKey(d, seq, i, clamp);
      const c = counts.get(key) ?? [0, 0];
      c[seq[i] ? 0 : 1]++;
      counts.set(key, c);
      d += seq[i] ? 1 : -1;
    }
  }
  return counts;
}

export function sidePredictability(sequences: readonly (readonly boolean[])[], bound = 3): Predictability {
  const clamp = bound + 1;
  const halves: [readonly boolean[][], readonly boolean[][]] = [[], []];
  sequences.forEach((s, i) => (halves[i % 2] as boolean[][]).push(s as boolean[]));
  const models = [learn(halves[1], clamp), learn(halves[0], clamp)]; // models[h] scores half h
  const hits = { alternate: 0, repeat: 0, balance: 0, context: 0 };
  let predictions = 0;
  let maxImbalance = 0;
  let maxFinalImbalance = 0;
  sequences.forEach((seq, a) => {
    const model = models[a % 2];
    let d = 0;
    for (let i = 0; i < seq.length; i++) {
      if (i >= 1) {
        const actual = seq[i];
        predictions++;
        if (actual === !seq[i - 1]) hits.alternate++;
        if (actual === seq[i - 1]) hits.repeat++;
        // Balance: toward the smaller count; with equal counts, a fixed guess (left) is a coin.
        if (actual === (d <= 0)) hits.balance++;
        const c = model.get(contextKey(d, seq, i, clamp));
        const guessLeft = c ? c[0] >= c[1] : true;
        if (actual === guessLeft) hits.context++;
      }
      d += seq[i] ? 1 : -1;
      maxImbalance = Math.max(maxImbalance, Math.abs(d));
    }
    maxFinalImbalance = Math.max(maxFinalImbalance, Math.abs(d));
  });
  const rate = (n: number) => (predictions ? n / predictions : 0);
  const hitRates = { alternate: rate(hits.alternate), repeat: rate(hits.repeat), balance: rate(hits.balance), context: rate(hits.context) };
  const [guesser, hitRate] = Object.entries(hitRates).reduce((b, e) => (e[1] > b[1] ? e : b));
  return { annotators: sequences.length, predictions, hitRates, best: { guesser, hitRate }, maxImbalance, maxFinalImbalance };
}
