/**
 * Prediction-powered inference for a mean, PPI++ (Angelopoulos, Duchi & Zrnic, "PPI++: Efficient
 * Prediction-Powered Inference", 2023), computed exactly as the reference code does:
 * `ppi_py.ppi_mean_ci(Y, Yhat, Yhat_unlabeled, alpha=0.05, lam=None)` (aangelopoulos/ppi_py,
 * ppi_py/ppi.py), one-dimensional, optional weights as `construct_weight_vector` normalises them.
 *
 *   Y   labeled gold values (an item's human score), Yhat the prediction on the same items (the
 *       judge's score), Yhat_u the prediction on N unlabeled items; w, w_u weights (default 1),
 *       each normalised to sum to its count.
 *   θ(λ)  = mean(w_u·λ·Yhat_u) + mean(w·(Y − λ·Yhat))
 *   λ     (lam=None): from the λ = 1 estimate θ₁, with g = w(Y − θ₁), ĝ = w(Yhat − θ₁),
 *         ĝ_u = w_u(Yhat_u − θ₁):
 *           λ = [ (2/n)·Σ (g − ḡ)(ĝ − mean ĝ) ] / [ 2·(1 + n/N)·np.cov(concat(ĝ, ĝ_u)) ]
 *         where np.cov divides by m − 1 over all m = n + N judge scores; clipped to [0, 1].
 *   se    = √( std(w_u·λ·Yhat_u)² / N + std(w·(Y − λ·Yhat))² / n ), population std (ddof 0)
 *   CI    = θ ± z₀.₉₇₅·se (statsmodels' _zconfint_generic), not clipped to [0, 1].
 *   classical (λ = 0): mean(wY) ± z·std(wY)/√n, as ppi_py's classical_mean_ci.
 *   effective n = n · classical variance / PPI variance (the human judgments the judge is worth).
 *
 * Where numpy would return NaN we choose the classical limit, saying so in `lambda_note`: N = 0
 * (no unlabeled item: n/N is infinite, λ → 0) and a constant judge (np.cov = 0 and the covariance
 * is 0: λ = 0/0).
 */
import { Z95 } from "./wilson.ts";

export interface PpiInput {
  /** Gold labels on the n labeled items. */
  y: ArrayLike<number>;
  /** Predictions on the same labeled items. */
  yhat: ArrayLike<number>;
  /** Predictions on the N unlabeled items. */
  yhatUnlabeled: ArrayLike<number>;
  w?: ArrayLike<number>;
  wUnlabeled?: ArrayLike<number>;
}

export interface PpiOptions {
  /** Fixed power-tuning λ (1: plain PPI, 0: classical); estimated and clipped to [0, 1] when absent. */
  lam?: number;
}

export interface PpiMeanCi {
  estimate: number;
  ci95: [number, number];
  std_error: number;
  lambda: number;
  n_labeled: number;
  n_unlabeled: number;
  classical: { estimate: number; ci95: [number, number]; std_error: number };
  /** n × classical variance / PPI variance; null when the PPI variance is 0. */
  effective_n: number | null;
  lambda_note?: string;
}

function weights(count: number, given: ArrayLike<number> | undefined): Float64Array {
  const out = new Float64Array(count);
  if (!given) return out.fill(1);
  if (given.length !== count) throw new RangeError(`expected ${count} weights, got ${given.length}`);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    if (!(given[i] >= 0)) throw new RangeError(`weights must be non-negative, got ${given[i]}`);
    sum += given[i];
  }
  if (!(sum > 0)) throw new RangeError("weights must not all be zero");
  for (let i = 0; i < count; i++) out[i] = (given[i] / sum) * count;
  return out;
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** numpy's std: population (ddof 0). */
function popStd(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return Math.sqrt(s / xs.length);
}

interface Prepared {
  y: ArrayLike<number>;
  yhat: ArrayLike<number>;
  yu: ArrayLike<number>;
  w: Float64Array;
  wu: Float64Array;
  n: number;
  N: number;
}

function prepare(input: PpiInput): Prepared {
  const n = input.y.length;
  const N = input.yhatUnlabeled.length;
  if (input.yhat.length !== n) throw new RangeError(`y has ${n} values but yhat has ${input.yhat.length}`);
  if (n === 0) throw new RangeError("PPI needs at least one labeled item");
  for (const arr of [input.y, input.yhat, input.yhatUnlabeled]) {
    for (let i = 0; i < arr.length; i++) if (!Number.isFinite(arr[i])) throw new RangeError(`values must be finite, got ${arr[i]}`);
  }
  return { y: input.y, yhat: input.yhat, yu: input.yhatUnlabeled, w: weights(n, input.w), wu: weights(N, input.wUnlabeled), n, N };
}

/** θ(λ) = mean(w_u·λ·Yhat_u) + mean(w·(Y − λ·Yhat)); an empty unlabeled set contributes 0. */
function pointEstimate(p: Prepared, lam: number): number {
  let imputed = 0;
  for (let i = 0; i < p.N; i++) imputed += p.wu[i] * lam * p.yu[i];
  let rect = 0;
  for (let i = 0; i < p.n; i++) rect += p.w[i] * (p.y[i] - lam * p.yhat[i]);
  return (p.N ? imputed / p.N : 0) + rect / p.n;
}

export function ppiMeanPointEstimate(input: PpiInput, lam: number): number {
  return pointEstimate(prepare(input), lam);
}

/** The power-tuning λ of ppi_mean_ci(lam=None), clipped to [0, 1], with a note where numpy gives NaN. */
export function ppiLambda(input: PpiInput): { lambda: number; note?: string } {
  return lambdaOf(prepare(input));
}

function lambdaOf(p: Prepared): { lambda: number; note?: string } {
  if (p.N === 0) return { lambda: 0, note: "no unlabeled item: λ = 0 (the classical interval)" };
  const theta1 = pointEstimate(p, 1);
  const g = new Float64Array(p.n);
  const gh = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) {
    g[i] = p.w[i] * (p.y[i] - theta1);
    gh[i] = p.w[i] * (p.yhat[i] - theta1);
  }
  const gm = mean(g);
  const ghm = mean(gh);
  let cross = 0;
  for (let i = 0; i < p.n; i++) cross += (g[i] - gm) * (gh[i] - ghm);
  const covGrads = (1 / p.n) * 2 * cross;
  // np.cov of the n + N judge gradients together, divided by m − 1.
  const m = p.n + p.N;
  const all = new Float64Array(m);
  all.set(gh);
  for (let i = 0; i < p.N; i++) all[p.n + i] = p.wu[i] * (p.yu[i] - theta1);
  // Constant judge gradients: numpy's 0/0 (up to rounding in the mean), so say it rather than divide.
  if (all.every((v) => v === all[0])) return { lambda: 0, note: "the judge's scores do not vary: λ = 0 (the classical interval)" };
  const allMean = mean(all);
  let ss = 0;
  for (let i = 0; i < m; i++) ss += (all[i] - allMean) ** 2;
  const varGradsHat = ss / (m - 1);
  const denom = 2 * (1 + p.n / p.N) * varGradsHat;
  const lam = covGrads / denom;
  if (!Number.isFinite(lam)) return { lambda: 0, note: "the judge's scores do not vary: λ = 0 (the classical interval)" };
  return { lambda: Math.min(1, Math.max(0, lam)) };
}

function stdErrorAt(p: Prepared, lam: number): number {
  const imputed = new Float64Array(p.N);
  for (let i = 0; i < p.N; i++) imputed[i] = p.wu[i] * (lam * p.yu[i]);
  const rect = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) rect[i] = p.w[i] * (p.y[i] - lam * p.yhat[i]);
  const imputedStd = p.N ? popStd(imputed) / Math.sqrt(p.N) : 0;
  const rectStd = popStd(rect) / Math.sqrt(p.n);
  return Math.sqrt(imputedStd ** 2 + rectStd ** 2);
}

export function ppiMeanCi(input: PpiInput, options: PpiOptions = {}): PpiMeanCi {
  const p = prepare(input);
  let lam: number;
  let note: string | undefined;
  if (options.lam === undefined) ({ lambda: lam, note } = lambdaOf(p));
  else {
    lam = options.lam;
    if (!Number.isFinite(lam)) throw new RangeError(`lam must be finite, got ${lam}`);
    if (p.N === 0 && lam !== 0) throw new RangeError("a non-zero λ needs unlabeled items");
  }
  const estimate = pointEstimate(p, lam);
  const se = stdErrorAt(p, lam);
  const cEst = pointEstimate(p, 0);
  const cSe = stdErrorAt(p, 0);
  const out: PpiMeanCi = {
    estimate,
    ci95: [estimate - Z95 * se, estimate + Z95 * se],
    std_error: se,
    lambda: lam,
    n_labeled: p.n,
    n_unlabeled: p.N,
    classical: { estimate: cEst, ci95: [cEst - Z95 * cSe, cEst + Z95 * cSe], std_error: cSe },
    effective_n: se > 0 ? (p.n * cSe * cSe) / (se * se) : null,
  };
  if (note) out.lambda_note = note;
  return out;
}

export interface PpiStratum extends PpiInput {
  label: string;
}

export interface StratifiedPpiMeanCi extends PpiMeanCi {
  strata: { label: string; weight: number; n_labeled: number; n_unlabeled: number; lambda: number; estimate: number; std_error: number }[];
}

/**
 * Stratified PPI++ for a mean when the labeled items were drawn at random within each stratum but
 * with different fractions (slice-first serving, app/core/report/strata.ts): ppi_mean_ci in every
 * stratum (its own λ), combined with the strata's shares of all items W_h = (n_h + N_h) / Σ:
 *   θ = Σ W_h θ_h,  se² = Σ W_h² se_h²,  and the classical figure alike from each stratum's λ = 0.
 * With one stratum this is ppiMeanCi exactly. Every stratum needs two labeled items (a standard
 * deviation); the caller says which do not have them.
 */
export function stratifiedPpiMeanCi(strata: readonly PpiStratum[]): StratifiedPpiMeanCi {
  if (!strata.length) throw new RangeError("stratified PPI needs at least one stratum");
  const short = strata.filter((s) => s.y.length < 2);
  if (short.length) throw new RangeError(`every stratum needs two labeled items: ${short.map((s) => `${s.label} has ${s.y.length}`).join("; ")}`);
  const total = strata.reduce((a, s) => a + s.y.length + s.yhatUnlabeled.length, 0);
  let est = 0, v = 0, cEst = 0, cv = 0, lamW = 0, n = 0, N = 0;
  const rows: StratifiedPpiMeanCi["strata"] = [];
  for (const s of strata) {
    const r = ppiMeanCi(s);
    const w = (s.y.length + s.yhatUnlabeled.length) / total;
    est += w * r.estimate;
    v += w * w * r.std_error ** 2;
    cEst += w * r.classical.estimate;
    cv += w * w * r.classical.std_error ** 2;
    lamW += w * r.lambda;
    n += r.n_labeled;
    N += r.n_unlabeled;
    rows.push({ label: s.label, weight: w, n_labeled: r.n_labeled, n_unlabeled: r.n_unlabeled, lambda: r.lambda, estimate: r.estimate, std_error: r.std_error });
  }
  const se = Math.sqrt(v);
  const cSe = Math.sqrt(cv);
  return {
    estimate: est,
    ci95: [est - Z95 * se, est + Z95 * se],
    std_error: se,
    lambda: lamW,
    n_labeled: n,
    n_unlabeled: N,
    classical: { estimate: cEst, ci95: [cEst - Z95 * cSe, cEst + Z95 * cSe], std_error: cSe },
    effective_n: se > 0 ? (n * cSe * cSe) / (se * se) : null,
    strata: rows,
  };
}
