/**
 * ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, 9 terms; relative error about 1e-15),
 * with exact log-factorials for small integers, which is where binomial coefficients need them most.
 */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

const SMALL = 256;
const LOG_FACTORIAL = new Float64Array(SMALL + 1);
for (let i = 2; i <= SMALL; i++) LOG_FACTORIAL[i] = LOG_FACTORIAL[i - 1] + Math.log(i);

export function logGamma(x: number): number {
  if (Number.isInteger(x) && x >= 1 && x <= SMALL + 1) return LOG_FACTORIAL[x - 1];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln C(n, k) for integers 0 <= k <= n. */
export function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}
