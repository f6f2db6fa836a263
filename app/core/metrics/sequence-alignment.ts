/**
 * Alignment of token sequences as integers: tokens are interned to small ids per pair, then the longest
 * common subsequence (ROUGE-L) and the Levenshtein distance (WER) run over Int32Arrays with a single
 * reusable row, O(n·m) time and O(m) memory.
 */

/** Maps tokens to dense integer ids. Call `reset` between pairs so the table stays small. */
export class TokenInterner {
  private ids = new Map<string, number>();
  reset(): void {
    this.ids.clear();
  }
  get size(): number {
    return this.ids.size;
  }
  ids32(tokens: readonly string[]): Int32Array {
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      let id = this.ids.get(t);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(t, id);
      }
      out[i] = id;
    }
    return out;
  }
}

let row = new Int32Array(256);

function rowFor(length: number): Int32Array {
  if (row.length < length) row = new Int32Array(Math.max(length, row.length * 2));
  return row;
}

/** Length of the longest common subsequence of a and b. */
export function lcsLength(a: ArrayLike<number>, b: ArrayLike<number>): number {
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

/** Levenshtein distance (unit-cost substitutions, insertions and deletions) between a and b. */
export function editDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
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
