/**
 * Exact binomial and multinomial draws. A bootstrap over n iid items of a k-outcome variable is
 * exactly a multinomial draw of the k counts, so resampling costs O(k) draws instead of O(n)
 * index picks. The draws must be exact, not a normal approximation: inversion (sequential search
 * of the CDF) when n·p is small, otherwise BTPE (Kachitvichyanukul & Schmeiser 1988, "Binomial
 * random variate generation", CACM 31(2)), an exact accept/reject method, as numpy implements it.
 */
import type { Rng } from "./rng.ts";

export function binomial(rng: Rng, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial n must be a non-negative integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial p must be in [0, 1], got ${p}`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  if (p <= 0.5) return n * p <= 30 ? inversion(rng, n, p) : btpe(rng, n, p);
  const q = 1 - p;
  return n * q <= 30 ? n - inversion(rng, n, q) : n - btpe(rng, n, q);
}

/** Walks the CDF from 0; expected steps are about n·p + 1, bounded here by n·p <= 30. */
function inversion(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const qn = Math.exp(n * Math.log1p(-p));
  const ratio = p / q;
  for (;;) {
    let x = 0;
    let px = qn;
    let u = rng.next();
    while (u > px) {
      x++;
      // Rounding can leave u above the whole summed mass; redraw rather than return n wrongly.
      if (x > n) break;
      u -= px;
      px *= ((n - x + 1) * ratio) / x;
    }
    if (x <= n) return x;
  }
}

/** BTPE for p <= 0.5 and n·p > 30, following numpy's random_binomial_btpe step by step. */
function btpe(rng: Rng, n: number, p: number): number {
  const r = p;
  const q = 1 - r;
  const fm = n * r + r;
  const m = Math.floor(fm);
  const nrq = n * r * q;
  const p1 = Math.floor(2.195 * Math.sqrt(nrq) - 4.6 * q) + 0.5;
  const xm = m + 0.5;
  const xl = xm - p1;
  const xr = xm + p1;
  const c = 0.134 + 20.5 / (15.3 + m);
  let a = (fm - xl) / (fm - xl * r);
  const laml = a * (1 + a / 2);
  a = (xr - fm) / (xr * q);
  const lamr = a * (1 + a / 2);
  const p2 = p1 * (1 + 2 * c);
  const p3 = p2 + c / laml;
  const p4 = p3 + c / lamr;

  for (;;) {
    const u = rng.next() * p4;
    let v = rng.next();
    let y: number;
    if (u <= p1) {
      // Triangular centre: accepted without a test.
      return Math.floor(xm - p1 * v + u);
    }
    if (u <= p2) {
      const x = xl + (u - p1) / c;
      v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
      if (v > 1) continue;
      y = Math.floor(x);
    } else if (u <= p3) {
      y = Math.floor(xl + Math.log(v) / laml);
      if (y < 0 || v === 0) continue;
      v = v * (u - p2) * laml;
    } else {
      y = Math.floor(xr - Math.log(v) / lamr);
      if (y > n || v === 0) continue;
      v = v * (u - p3) * lamr;
    }

    const k = Math.abs(y - m);
    if (k <= 20 || k >= nrq / 2 - 1) {
      // Explicit evaluation of f(y)/f(m) by the recurrence of the pmf.
      const s = r / q;
      const aa = s * (n + 1);
      let f = 1;
      if (m < y) {
        for (let i = m + 1; i <= y; i++) f *= aa / i - s;
      } else if (m > y) {
        for (let i = y + 1; i <= m; i++) f /= aa / i - s;
      }
      if (v > f) continue;
      return y;
    }

    // Squeeze on log f(y)/f(m), then the final test with Stirling's formula.
    const rho = (k / nrq) * ((k * (k / 3 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    const t = (-k * k) / (2 * nrq);
    const A = Math.log(v);
    if (A < t - rho) return y;
    if (A > t + rho) continue;
    const x1 = y + 1;
    const f1 = m + 1;
    const z = n + 1 - m;
    const w = n - y + 1;
    const x2 = x1 * x1;
    const f2 = f1 * f1;
    const z2 = z * z;
    const w2 = w * w;
    const bound =
      xm * Math.log(f1 / x1) +
      (n - m + 0.5) * Math.log(z / w) +
      (y - m) * Math.log((w * r) / (x1 * q)) +
      stirlingTail(f1, f2) +
      stirlingTail(z, z2) +
      stirlingTail(x1, x2) +
      stirlingTail(w, w2);
    if (A > bound) continue;
    return y;
  }
}

function stirlingTail(x: number, x2: number): number {
  return (13680 - (462 - (132 - (99 - 140 / x2) / x2) / x2) / x2) / x / 166320;
}

/**
 * Multinomial draw of `n` over cells with the given weights (any non-negative scale), by the
 * chain of conditional binomials: count_i ~ Binomial(remaining n, w_i / remaining weight).
 * Writes into `out` (length = weights.length) and returns it.
 */
export function multinomial(
  rng: Rng,
  n: number,
  weights: ArrayLike<number>,
  out: Float64Array | Int32Array | Uint32Array = new Float64Array(weights.length),
): typeof out {
  let total = 0;
  let last = -1;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (!(w >= 0)) throw new RangeError(`multinomial weights must be non-negative, got ${w}`);
    total += w;
    if (w > 0) last = i;
  }
  if (n > 0 && last < 0) throw new RangeError("multinomial needs a positive weight to place n > 0 draws");
  let remainingN = n;
  let remainingW = total;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (remainingN === 0 || w === 0) {
      out[i] = 0;
      continue;
    }
    // The last positive cell takes the rest, so rounding in remainingW cannot strand draws in a zero cell.
    if (i === last || w >= remainingW) {
      out[i] = remainingN;
      remainingN = 0;
      continue;
    }
    const draw = binomial(rng, remainingN, w / remainingW);
    out[i] = draw;
    remainingN -= draw;
    remainingW -= w;
  }
  return out;
}
