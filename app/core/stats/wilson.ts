/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Newcombe 1998, method 3):
 * it stays inside [0, 1] and keeps near-nominal coverage for small n and extreme proportions,
 * where the Wald interval fails.
 */

/** Φ⁻¹(0.975), the two-sided 95% normal quantile. */
export const Z95 = 1.959963984540054;

export function wilsonInterval(successes: number, n: number, z: number = Z95): [number, number] | null {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || successes < 0 || successes > n) {
    throw new RangeError(`wilsonInterval needs integers 0 <= successes <= n, got ${successes}/${n}`);
  }
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp only rounding error: at p = 0 or 1 one bound is exactly 0 or 1 in exact arithmetic.
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
