/**
 * Bradley-Terry ranking (Bradley & Terry 1952): P(i beats j) = s_i / (s_i + s_j), fitted by
 * maximum likelihood with ties as half a win to each side, as in LMSYS/FastChat's Elo analysis.
 *
 * The comparisons are first aggregated into a k×k win matrix, so fitting costs nothing per
 * comparison. The log-likelihood is concave in θ = ln s, so Newton's method with step halving
 * (θ of the first system held at 0 to remove the scale freedom) converges in a handful of steps.
 * The MLE exists iff the "beat or tied" graph is strongly connected (Hunter 2004, Assumption 1);
 * a disconnected graph or an undefeated group is a typed error, never a silently huge score.
 *
 * Scores are 400·log10(s), the Elo-like scale. Only differences are meaningful, so they are
 * anchored: by default the mean score is 0; with `anchor` the named system is at 0.
 * Bootstrap intervals resample the comparisons with replacement; since each comparison is one of
 * the (pair, outcome) cells, a resample is exactly a multinomial draw of the cell counts.
 */
import { multinomial } from "./binomial-sampler.ts";
import { DEFAULT_SEED, percentileInterval } from "./bootstrap.ts";
import { DisconnectedComparisonGraphError, NoFiniteMaximumError, StatsInputError } from "./errors.ts";
import { createRng, type Seed } from "./rng.ts";

export interface Comparison {
  a: string;
  b: string;
  winner: "a" | "b" | "tie";
}

export interface BradleyTerryOptions {
  /** System whose score is 0; by default the mean score is 0. */
  anchor?: string;
  /** Bootstrap resamples for the 95% intervals; 0 (the default) skips them. */
  resamples?: number;
  seed?: Seed;
}

export interface RankedSystem {
  name: string;
  score: number;
  ci95: [number, number] | null;
  wins: number;
  losses: number;
  ties: number;
}

export interface BradleyTerryResult {
  /** Sorted by score, highest first. */
  systems: RankedSystem[];
  n_comparisons: number;
  anchor: { kind: "mean" } | { kind: "system"; name: string };
  bootstrap: { resamples: number; seed: Seed; skipped: number } | null;
}

/** Comparisons aggregated per unordered pair (i < j). */
export interface PairCounts {
  names: string[];
  pairI: Int32Array;
  pairJ: Int32Array;
  /** Per pair: wins of i, wins of j, ties. */
  winsI: Float64Array;
  winsJ: Float64Array;
  ties: Float64Array;
  total: number;
}

const SCALE = 400 / Math.LN10;

export function aggregateComparisons(comparisons: Iterable<Comparison>): PairCounts {
  const index = new Map<string, number>();
  const names: string[] = [];
  const id = (name: string): number => {
    let i = index.get(name);
    if (i === undefined) {
      i = names.length;
      index.set(name, i);
      names.push(name);
    }
    return i;
  };
  const pairOf = new Map<number, number>();
  const pairI: number[] = [];
  const pairJ: number[] = [];
  const winsI: number[] = [];
  const winsJ: number[] = [];
  const ties: number[] = [];
  let total = 0;
  for (const c of comparisons) {
    const a = id(c.a);
    const b = id(c.b);
    if (a === b) throw new StatsInputError(`system ${JSON.stringify(c.a)} is compared with itself`);
    const i = Math.min(a, b);
    const j = Math.max(a, b);
    // 2^26 systems is far beyond any ranking; the key stays an exact integer.
    const key = i * 67108864 + j;
    let p = pairOf.get(key);
    if (p === undefined) {
      p = pairI.length;
      pairOf.set(key, p);
      pairI.push(i);
      pairJ.push(j);
      winsI.push(0);
      winsJ.push(0);
      ties.push(0);
    }
    if (c.winner === "tie") ties[p]++;
    else if (c.winner === "a" || c.winner === "b") {
      const winner = c.winner === "a" ? a : b;
      if (winner === i) winsI[p]++;
      else winsJ[p]++;
    } else throw new StatsInputError(`winner must be "a", "b" or "tie", got ${JSON.stringify(c.winner)}`);
    total++;
  }
  return {
    names,
    pairI: Int32Array.from(pairI),
    pairJ: Int32Array.from(pairJ),
    winsI: Float64Array.from(winsI),
    winsJ: Float64Array.from(winsJ),
    ties: Float64Array.from(ties),
    total,
  };
}

export function bradleyTerry(comparisons: Iterable<Comparison>, options: BradleyTerryOptions = {}): BradleyTerryResult {
  return bradleyTerryFromCounts(aggregateComparisons(comparisons), options);
}

export function bradleyTerryFromCounts(counts: PairCounts, options: BradleyTerryOptions = {}): BradleyTerryResult {
  const { names } = counts;
  const k = names.length;
  const anchorIndex = options.anchor === undefined ? -1 : names.indexOf(options.anchor);
  if (options.anchor !== undefined && anchorIndex < 0) {
    throw new StatsInputError(`anchor system ${JSON.stringify(options.anchor)} does not appear in the comparisons`);
  }
  const w = new Float64Array(k * k);
  const nMatrix = new Float64Array(k * k);
  fillMatrices(counts, counts.winsI, counts.winsJ, counts.ties, w, nMatrix);

  const components = connectedComponents(k, nMatrix);
  if (components.length > 1) throw new DisconnectedComparisonGraphError(components.map((c) => c.map((i) => names[i])));
  const undefeated = undefeatedGroup(k, w);
  if (undefeated) throw new NoFiniteMaximumError(undefeated.map((i) => names[i]));

  const scores = toScores(fitTheta(k, w, nMatrix), anchorIndex);

  const resamples = options.resamples ?? 0;
  let intervals: ([number, number] | null)[] = names.map(() => null);
  let bootstrap: BradleyTerryResult["bootstrap"] = null;
  if (resamples > 0 && k > 1) {
    const seed = options.seed ?? DEFAULT_SEED;
    const { replicates, skipped } = bootstrapScores(counts, resamples, seed, anchorIndex);
    intervals = names.map((_, s) => percentileInterval(replicates.subarray(s * resamples, (s + 1) * resamples), 0.95));
    bootstrap = { resamples, seed, skipped };
  }

  const record = names.map(() => ({ wins: 0, losses: 0, ties: 0 }));
  for (let p = 0; p < counts.pairI.length; p++) {
    const i = counts.pairI[p];
    const j = counts.pairJ[p];
    record[i].wins += counts.winsI[p];
    record[i].losses += counts.winsJ[p];
    record[j].wins += counts.winsJ[p];
    record[j].losses += counts.winsI[p];
    record[i].ties += counts.ties[p];
    record[j].ties += counts.ties[p];
  }
  const systems = names
    .map((name, i) => ({ name, score: scores[i], ci95: intervals[i], ...record[i] }))
    .sort((x, y) => y.score - x.score || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return {
    systems,
    n_comparisons: counts.total,
    anchor: anchorIndex < 0 ? { kind: "mean" } : { kind: "system", name: names[anchorIndex] },
    bootstrap,
  };
}

/** W[i,j] = wins of i over j plus half the ties; N[i,j] = comparisons between i and j. */
function fillMatrices(
  counts: PairCounts,
  winsI: ArrayLike<number>,
  winsJ: ArrayLike<number>,
  ties: ArrayLike<number>,
  w: Float64Array,
  nMatrix: Float64Array,
): void {
  const k = counts.names.length;
  w.fill(0);
  nMatrix.fill(0);
  for (let p = 0; p < counts.pairI.length; p++) {
    const i = counts.pairI[p];
    const j = counts.pairJ[p];
    const half = ties[p] / 2;
    w[i * k + j] += winsI[p] + half;
    w[j * k + i] += winsJ[p] + half;
    const total = winsI[p] + winsJ[p] + ties[p];
    nMatrix[i * k + j] += total;
    nMatrix[j * k + i] += total;
  }
}

function toScores(theta: Float64Array, anchorIndex: number): Float64Array {
  const k = theta.length;
  let shift = 0;
  if (anchorIndex >= 0) shift = theta[anchorIndex];
  else {
    for (let i = 0; i < k; i++) shift += theta[i];
    shift /= k;
  }
  const scores = new Float64Array(k);
  for (let i = 0; i < k; i++) scores[i] = SCALE * (theta[i] - shift);
  return scores;
}

/** Connected components of the undirected comparison graph, each sorted, largest first. */
export function connectedComponents(k: number, nMatrix: Float64Array): number[][] {
  const seen = new Uint8Array(k);
  const components: number[][] = [];
  for (let start = 0; start < k; start++) {
    if (seen[start]) continue;
    const component = [start];
    seen[start] = 1;
    for (let q = 0; q < component.length; q++) {
      const u = component[q];
      for (let v = 0; v < k; v++) {
        if (!seen[v] && nMatrix[u * k + v] > 0) {
          seen[v] = 1;
          component.push(v);
        }
      }
    }
    components.push(component.sort((x, y) => x - y));
  }
  return components.sort((x, y) => y.length - x.length);
}

/** Nodes reachable from `start` following edges u → v where edge(u, v) holds. */
function reach(k: number, start: number, edge: (u: number, v: number) => boolean): Uint8Array {
  const seen = new Uint8Array(k);
  const stack = [start];
  seen[start] = 1;
  while (stack.length) {
    const u = stack.pop()!;
    for (let v = 0; v < k; v++) {
      if (!seen[v] && edge(u, v)) {
        seen[v] = 1;
        stack.push(v);
      }
    }
  }
  return seen;
}

/**
 * In the "lost to" graph (u → v when v beat or tied u), a group with no edge leaving it never
 * lost to anyone outside it. Null when the graph is strongly connected (the MLE exists);
 * otherwise the smallest such closed group, which is a strongly connected component.
 */
export function undefeatedGroup(k: number, w: Float64Array): number[] | null {
  if (k <= 1) return null;
  const lostTo = (u: number, v: number) => w[v * k + u] > 0;
  const beat = (u: number, v: number) => w[u * k + v] > 0;
  const forward = reach(k, 0, lostTo);
  const backward = reach(k, 0, beat);
  if (forward.every(Boolean) && backward.every(Boolean)) return null;
  let best: number[] | null = null;
  for (let u = 0; u < k; u++) {
    const r = reach(k, u, lostTo);
    const members: number[] = [];
    for (let v = 0; v < k; v++) if (r[v]) members.push(v);
    if (best === null || members.length < best.length) best = members;
  }
  return best;
}

function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

function logLikelihood(k: number, w: Float64Array, theta: Float64Array): number {
  let ll = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const wij = w[i * k + j];
      if (wij > 0) ll += wij * logSigmoid(theta[i] - theta[j]);
    }
  }
  return ll;
}

/** Newton-Raphson on θ with θ_0 = 0; assumes a connected, strongly connected win graph. */
export function fitTheta(k: number, w: Float64Array, nMatrix: Float64Array): Float64Array {
  const theta = new Float64Array(k);
  if (k <= 1) return theta;
  const d = k - 1;
  const grad = new Float64Array(k);
  const hess = new Float64Array(d * d);
  const step = new Float64Array(d);
  const trial = new Float64Array(k);
  const winsOf = new Float64Array(k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) winsOf[i] += w[i * k + j];
  let ll = logLikelihood(k, w, theta);
  for (let iter = 0; iter < 500; iter++) {
    grad.set(winsOf);
    hess.fill(0);
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const nij = nMatrix[i * k + j];
        if (nij === 0) continue;
        const pij = 1 / (1 + Math.exp(theta[j] - theta[i]));
        grad[i] -= nij * pij;
        grad[j] -= nij * (1 - pij);
        const info = nij * pij * (1 - pij);
        // Fisher information of the reduced parameters (index 0 fixed).
        if (i > 0) hess[(i - 1) * d + (i - 1)] += info;
        if (j > 0) hess[(j - 1) * d + (j - 1)] += info;
        if (i > 0 && j > 0) {
          hess[(i - 1) * d + (j - 1)] -= info;
          hess[(j - 1) * d + (i - 1)] -= info;
        }
      }
    }
    for (let i = 0; i < d; i++) step[i] = grad[i + 1];
    if (!choleskySolve(hess, step, d)) throw new Error("Bradley-Terry: information matrix is singular");
    let maxStep = 0;
    for (let i = 0; i < d; i++) maxStep = Math.max(maxStep, Math.abs(step[i]));
    if (maxStep < 1e-12) return theta;
    // Step halving keeps every iterate an ascent, so the concave likelihood cannot be overshot.
    let t = 1;
    for (let halvings = 0; ; halvings++) {
      trial[0] = 0;
      for (let i = 0; i < d; i++) trial[i + 1] = theta[i + 1] + t * step[i];
      const trialLl = logLikelihood(k, w, trial);
      if (trialLl >= ll - 1e-12 * Math.abs(ll) || halvings >= 40) {
        theta.set(trial);
        ll = trialLl;
        break;
      }
      t /= 2;
    }
    if (t * maxStep < 1e-12) return theta;
  }
  throw new Error("Bradley-Terry: Newton iteration did not converge in 500 steps");
}

/** Solves A x = b in place (b becomes x) for symmetric positive definite A (d×d, overwritten). */
function choleskySolve(a: Float64Array, b: Float64Array, d: number): boolean {
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j];
    for (let m = 0; m < j; m++) s -= a[j * d + m] * a[j * d + m];
    if (!(s > 0)) return false;
    const ljj = Math.sqrt(s);
    a[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j];
      for (let m = 0; m < j; m++) t -= a[i * d + m] * a[j * d + m];
      a[i * d + j] = t / ljj;
    }
  }
  for (let i = 0; i < d; i++) {
    let t = b[i];
    for (let m = 0; m < i; m++) t -= a[i * d + m] * b[m];
    b[i] = t / a[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let t = b[i];
    for (let m = i + 1; m < d; m++) t -= a[m * d + i] * b[m];
    b[i] = t / a[i * d + i];
  }
  return true;
}

/**
 * Scores of `resamples` bootstrap resamples, laid out system-major (system s at
 * [s·resamples, (s+1)·resamples)). Resamples whose graph lost connectivity or whose MLE is
 * infinite are NaN and counted as skipped; the percentile interval is over the others.
 */
function bootstrapScores(
  counts: PairCounts,
  resamples: number,
  seed: Seed,
  anchorIndex: number,
): { replicates: Float64Array; skipped: number } {
  const k = counts.names.length;
  const pairs = counts.pairI.length;
  const rng = createRng(seed);
  const weights = new Float64Array(pairs * 3);
  for (let p = 0; p < pairs; p++) {
    weights[3 * p] = counts.winsI[p];
    weights[3 * p + 1] = counts.winsJ[p];
    weights[3 * p + 2] = counts.ties[p];
  }
  const draw = new Float64Array(pairs * 3);
  const winsI = new Float64Array(pairs);
  const winsJ = new Float64Array(pairs);
  const ties = new Float64Array(pairs);
  const w = new Float64Array(k * k);
  const nMatrix = new Float64Array(k * k);
  const replicates = new Float64Array(k * resamples);
  let skipped = 0;
  for (let b = 0; b < resamples; b++) {
    multinomial(rng, counts.total, weights, draw);
    for (let p = 0; p < pairs; p++) {
      winsI[p] = draw[3 * p];
      winsJ[p] = draw[3 * p + 1];
      ties[p] = draw[3 * p + 2];
    }
    fillMatrices(counts, winsI, winsJ, ties, w, nMatrix);
    if (connectedComponents(k, nMatrix).length > 1 || undefeatedGroup(k, w) !== null) {
      for (let s = 0; s < k; s++) replicates[s * resamples + b] = Number.NaN;
      skipped++;
      continue;
    }
    const scores = toScores(fitTheta(k, w, nMatrix), anchorIndex);
    for (let s = 0; s < k; s++) replicates[s * resamples + b] = scores[s];
  }
  return { replicates, skipped };
}
