/**
 * Seeded pseudo-random generator used by every resampling in the statistics core, so a report
 * reproduces exactly from its seed. xoshiro128** (Blackman & Vigna) with state filled by
 * splitmix32: 32-bit integer arithmetic only, which JavaScript does exactly via Math.imul.
 */

export interface Rng {
  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform integer in [0, n) for 0 < n <= 2^32. */
  int(n: number): number;
  /** Raw 32-bit unsigned output. */
  uint32(): number;
}

export type Seed = number | string;

/** FNV-1a so a string seed ("eval-42") is as good as a number. */
function hashSeed(seed: Seed): number {
  if (typeof seed === "number") {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be finite, got ${seed}`);
    // Fold the high bits in so seeds above 2^32 do not collide with their low 32 bits.
    return (Math.trunc(seed) ^ Math.trunc(seed / 4294967296)) >>> 0;
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function createRng(seed: Seed): Rng {
  let sm = hashSeed(seed);
  const splitmix32 = (): number => {
    sm = (sm + 0x9e3779b9) | 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = splitmix32();
  let s1 = splitmix32();
  let s2 = splitmix32();
  let s3 = splitmix32();
  // An all-zero state would emit zeros forever; splitmix32 makes it practically impossible, but be sure.
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;

  const uint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const next = (): number => {
    const hi = uint32() >>> 5; // 27 bits
    const lo = uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  };
  const int = (n: number): number => {
    if (!(n > 0 && n <= 4294967296)) throw new RangeError(`int(n) needs 0 < n <= 2^32, got ${n}`);
    // Lemire's nearly-divisionless method would need 64-bit products; rejection on the top
    // multiple of n keeps the draw exactly uniform with plain doubles.
    const limit = 4294967296 - (4294967296 % n);
    let x = uint32();
    while (x >= limit) x = uint32();
    return x % n;
  };
  return { next, int, uint32 };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
