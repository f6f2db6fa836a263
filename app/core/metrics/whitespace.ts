/**
 * Whitespace as Python's str.split() / str.strip() see it (the reference implementations are Python):
 * ASCII \t\n\v\f\r and space, the separators \x1c-\x1f, NEL, NBSP and the Unicode space separators, but
 * not the BOM (JavaScript's \s differs on exactly \x1c-\x1f, \x85 and \ufeff).
 */
export const PY_WHITESPACE_RUN = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const LEADING = /^[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const TRAILING = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/;

const NON_WHITESPACE_RUN = /[^\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

const WHITESPACE_OTHER_THAN_SPACE = /[\t\n\v\f\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

// The last two texts split and their words: metrics computed together on one pair (BLEU and WER) split
// the same prediction and reference; callers get copies, so the cached arrays are never modified.
let lastText0: string | null = null;
let lastWords0: string[] = [];
let lastText1: string | null = null;
let lastWords1: string[] = [];

/** Python's `text.split()`: the runs of non-whitespace characters. */
export function pySplit(text: string): string[] {
  if (text === lastText0) return lastWords0.slice();
  if (text === lastText1) return lastWords1.slice();
  const words = splitWords(text);
  lastText1 = lastText0;
  lastWords1 = lastWords0;
  lastText0 = text;
  lastWords0 = words;
  return words.slice();
}

function splitWords(text: string): string[] {
  // Fast path: only plain spaces separate the words (most lines), so a native split on " " will do.
  if (!WHITESPACE_OTHER_THAN_SPACE.test(text)) {
    const parts = text.split(" ");
    for (let i = 0; i < parts.length; i++) if (parts[i].length === 0) return parts.filter((p) => p.length > 0);
    return parts;
  }
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
