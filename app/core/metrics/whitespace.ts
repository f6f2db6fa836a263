/**
 * Whitespace as Python's str.split() / str.strip() see it (the reference implementations are Python):
 * ASCII \t\n\v\f\r and space, the separators \x1c-\x1f, NEL, NBSP and the Unicode space separators, but
 * not the BOM (JavaScript's \s differs on exactly \x1c-\x1f, \x85 and \ufeff).
 */
export const PY_WHITESPACE_RUN = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const LEADING = /^[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const TRAILING = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/;

const NON_WHITESPACE_RUN = /[^\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

/** Python's `text.split()`: the runs of non-whitespace characters. */
export function pySplit(text: string): string[] {
  return text.match(NON_WHITESPACE_RUN) ?? [];
}

/** Python's `text.rstrip()`. */
export function pyRstrip(text: string): string {
  return text.replace(TRAILING, "");
}

/** Python's `text.strip()`. */
export function pyStrip(text: string): string {
  return text.replace(LEADING, "").replace(TRAILING, "");
}
