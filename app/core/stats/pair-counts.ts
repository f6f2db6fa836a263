/**
 * Builds Bradley-Terry's per-pair counts (bradley-terry.ts PairCounts) from comparisons that carry
 * a count (a row standing for that many identical comparisons) and, for AlpacaEval's weighted
 * annotators, a fractional score: `scoreA` 1 is a win of a, 0 a win of b, ½ a tie, and a value in
 * between splits the comparison into scoreA of a win for a and 1 − scoreA for b, which is how the
 * fractional outcome enters the likelihood (W[a,b] += scoreA). The bootstrap then draws whole
 * outcomes with those shares.
 */
import { StatsInputError } from "./errors.ts";
import type { PairCounts } from "./bradley-terry.ts";

export class PairCountsBuilder {
  private readonly index = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly pairOf = new Map<number, number>();
  private readonly pairI: number[] = [];
  private readonly pairJ: number[] = [];
  private readonly winsI: number[] = [];
  private readonly winsJ: number[] = [];
  private readonly ties: number[] = [];
  private total = 0;

  private id(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.index.set(name, i);
      this.names.push(name);
    }
    return i;
  }

  add(a: string, b: string, scoreA: number, count = 1): void {
    if (a === b) throw new StatsInputError(`system ${JSON.stringify(a)} is compared with itself`);
    if (!(scoreA >= 0 && scoreA <= 1)) throw new StatsInputError(`a comparison's score must be in [0, 1], got ${scoreA}`);
    if (!Number.isInteger(count) || count < 1) throw new StatsInputError(`a count must be a positive integer, got ${count}`);
    const x = this.id(a);
    const y = this.id(b);
    const i = Math.min(x, y);
    const j = Math.max(x, y);
    const key = i * 67108864 + j;
    let p = this.pairOf.get(key);
    if (p === undefined) {
      p = this.pairI.length;
      this.pairOf.set(key, p);
      this.pairI.push(i);
      this.pairJ.push(j);
      this.winsI.push(0);
      this.winsJ.push(0);
      this.ties.push(0);
    }
    const scoreI = x === i ? scoreA : 1 - scoreA;
    if (scoreA === 0.5) this.ties[p] += count;
    else {
      this.winsI[p] += scoreI * count;
      this.winsJ[p] += (1 - scoreI) * count;
    }
    this.total += count;
  }

  get size(): number {
    return this.total;
  }

  build(): PairCounts {
    return {
      names: [...this.names],
      pairI: Int32Array.from(this.pairI),
      pairJ: Int32Array.from(this.pairJ),
      winsI: Float64Array.from(this.winsI),
      winsJ: Float64Array.from(this.winsJ),
      ties: Float64Array.from(this.ties),
      total: this.total,
    };
  }
}
