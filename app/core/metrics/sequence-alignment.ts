/**
 * Alignment of token sequences as integers: tokens are interned to small ids per pair, then the longest
 * common subsequence (ROUGE-L) and the Levenshtein distance (WER) are computed on the ids.
 * LCS: the bit-parallel algorithm of Crochemore et al. / Hyyrö (V' = (V + (V & M)) | (V & ~M) over
 * ceil(m/32) words), O(n·m/32). Levenshtein: Ukkonen's band |i − j| ≤ t with t doubled until the distance
 * fits, O(d·n) for distance d. `lcsLengthDp` and `editDistanceDp` are the plain O(n·m) dynamic programmes
 * the tests check them against.
 */

/**
 * Maps tokens to dense integer ids 0, 1, 2, ... Call `reset` between pairs so ids stay small. An
 * open-addressing table (FNV-1a hash, linear probing) whose reset is O(1) by generation stamps: a Map
 * cleared and regrown for every pair costs several times more.
 */
export class TokenInterner {
  private keys: string[] = new Array<string>(256).fill("");
  private values = new Int32Array(256);
  private stamps = new Int32Array(256);
  private generation = 1;
  private mask = 255;
  size = 0;

  reset(): void {
    this.size = 0;
    this.generation++;
    if (this.generation === 0x7fffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  private static hash(t: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 16777619);
    return h >>> 0;
  }

  private grow(): void {
    const { keys, values, stamps, generation } = this;
    const capacity = keys.length * 2;
    this.keys = new Array<string>(capacity).fill("");
    this.values = new Int32Array(capacity);
    this.stamps = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < keys.length; i++) {
      if (stamps[i] !== generation) continue;
      let slot = TokenInterner.hash(keys[i]) & this.mask;
      while (this.stamps[slot] === generation) slot = (slot + 1) & this.mask;
      this.keys[slot] = keys[i];
      this.values[slot] = values[i];
      this.stamps[slot] = generation;
    }
  }

  id(token: string): number {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const mask = this.mask;
    const gen = this.generation;
    let slot = TokenInterner.hash(token) & mask;
    while (this.stamps[slot] === gen) {
      if (this.keys[slot] === token) return this.values[slot];
      slot = (slot + 1) & mask;
    }
    this.stamps[slot] = gen;
    this.keys[slot] = token;
    this.values[slot] = this.size;
    return this.size++;
  }

  ids32(tokens: readonly string[]): Int32Array {
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) out[i] = this.id(tokens[i]);
    return out;
  }
}

let row = new Int32Array(256);

function rowFor(length: number): Int32Array {
  if (row.length < length) row = new Int32Array(Math.max(length, row.length * 2));
  return row;
}

/** Length of the longest common subsequence of a and b (plain dynamic programme). */
export function lcsLengthDp(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return 0;
  const r = rowFor(m + 1);
  r.fill(0, 0, m + 1);
  for (let i = 0; i < n; i++) {
    const ai = a[i];
    let diag = 0; // r[j] of the previous row, before it was overwritten
    for (let j = 1; j <= m; j++) {
      const above = r[j];
      if (ai === b[j - 1]) r[j] = diag + 1;
      else if (r[j - 1] > above) r[j] = r[j - 1];
      diag = above;
    }
  }
  return r[m];
}

/** Levenshtein distance (unit-cost substitutions, insertions and deletions), plain dynamic programme. */
export function editDistanceDp(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  const r = rowFor(m + 1);
  for (let j = 0; j <= m; j++) r[j] = j;
  for (let i = 1; i <= n; i++) {
    const ai = a[i - 1];
    let diag = r[0];
    r[0] = i;
    for (let j = 1; j <= m; j++) {
      const above = r[j];
      let best = ai === b[j - 1] ? diag : diag + 1;
      if (above + 1 < best) best = above + 1;
      if (r[j - 1] + 1 < best) best = r[j - 1] + 1;
      r[j] = best;
      diag = above;
    }
  }
  return r[m];
}

let masks = new Uint32Array(1024);
let vec = new Uint32Array(4);

/** Length of the longest common subsequence of two sequences of small non-negative integer ids. */
export function lcsLength(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return 0;
  let maxId = 0;
  for (let j = 0; j < m; j++) if (b[j] > maxId) maxId = b[j];
  if (maxId > 65535) return lcsLengthDp(a, b);
  const words = (m + 31) >>> 5;
  const needed = (maxId + 1) * words;
  if (masks.length < needed) masks = new Uint32Array(Math.max(needed, masks.length * 2));
  masks.fill(0, 0, needed);
  for (let j = 0; j < m; j++) masks[b[j] * words + (j >>> 5)] |= 1 << (j & 31);
  if (vec.length < words) vec = new Uint32Array(words * 2);
  vec.fill(0xffffffff, 0, words);
  for (let i = 0; i < n; i++) {
    const id = a[i];
    if (id > maxId) continue; // no match anywhere: V unchanged
    const base = id * words;
    let carry = 0;
    for (let w = 0; w < words; w++) {
      const v = vec[w];
      const mk = masks[base + w];
      const u = v & mk;
      const sum = v + (u >>> 0) + carry; // v is read unsigned from the Uint32Array
      carry = sum > 0xffffffff ? 1 : 0;
      vec[w] = (sum | (v & ~mk)) >>> 0;
    }
  }
  // LCS = number of zero bits among the low m bits of V
  let ones = 0;
  for (let w = 0; w < words; w++) {
    let x = vec[w];
    if (w === words - 1 && (m & 31) !== 0) x &= (1 << (m & 31)) - 1;
    x = x - ((x >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    ones += (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
  }
  return m - ones;
}

let band = new Int32Array(256);
const FAR = 0x3fffffff;

/** Levenshtein distance if it is at most t (band |i − j| ≤ t), otherwise some value greater than t. */
function bandedDistance(a: ArrayLike<number>, b: ArrayLike<number>, t: number): number {
  const n = a.length;
  const m = b.length;
  if (band.length < m + 1) band = new Int32Array(Math.max(m + 1, band.length * 2));
  const r = band;
  for (let j = 0; j <= m; j++) r[j] = j <= t ? j : FAR;
  for (let i = 1; i <= n; i++) {
    const lo = i - t > 1 ? i - t : 1;
    const hi = i + t < m ? i + t : m;
    if (lo > hi) return FAR;
    const ai = a[i - 1];
    let diag = r[lo - 1]; // row i − 1, column lo − 1
    let left = lo === 1 ? i : FAR; // row i, column lo − 1: outside the band unless it is column 0
    if (lo === 1) r[0] = i;
    for (let j = lo; j <= hi; j++) {
      const above = r[j];
      let best = ai === b[j - 1] ? diag : diag + 1;
      if (above + 1 < best) best = above + 1;
      if (left + 1 < best) best = left + 1;
      r[j] = best;
      left = best;
      diag = above;
    }
  }
  return r[m];
}

/** Levenshtein distance (unit-cost substitutions, insertions and deletions) between a and b. */
export function editDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let t = Math.max(Math.abs(n - m), 8);
  for (;;) {
    if (t >= Math.max(n, m)) return editDistanceDp(a, b);
    const d = bandedDistance(a, b, t);
    if (d <= t) return d;
    t *= 2;
  }
}
