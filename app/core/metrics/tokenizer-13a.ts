/**
 * sacrebleu's default "13a" tokeniser (Tokenizer13a + TokenizerRegexp), equivalent to mteval-v13a.pl as
 * used by WMT: unescape a few XML entities, pad the line with a space on each side, then four regex passes:
 *   1. ([\{-\~\[-\` -\&\(-\+\:-\@\/])  → " \1 "   symbols and punctuation other than . , - '
 *   2. ([^0-9])([\.,])                 → "\1 \2 " period / comma after a non-digit
 *   3. ([\.,])([^0-9])                 → " \1 \2" period / comma before a non-digit
 *   4. ([0-9])(-)                      → "\1 \2 " dash after a digit
 * and split on whitespace. `tokenize13aRegex` is that, literally. `tokenize13a` computes the same tokens
 * several times faster. Every pass only inserts spaces, and no match can consume a whitespace character in
 * a way that changes another match (whitespace is never the first character of a pass 3 or 4 match, nor
 * the second of any match), so each whitespace-separated word tokenises on its own, as " word ". A word
 * without any of the characters the passes act on is its own token; the others run the four passes over
 * a buffer of character codes (leftmost, non-overlapping two-character matches, as a global regex
 * replace) and their tokens are slices of the word. The tests check the two agree on random text.
 */
import { pySplit } from "./whitespace.ts";

function unescape(segment: string): string {
  let line = segment;
  if (line.includes("<skipped>")) line = line.split("<skipped>").join("");
  if (line.includes("\n")) line = line.split("-\n").join("").split("\n").join(" ");
  if (line.includes("&")) {
    line = line.split("&quot;").join('"').split("&amp;").join("&").split("&lt;").join("<").split("&gt;").join(">");
  }
  return line;
}

const SYMBOLS = /([\x7B-\x7E\x5B-\x60\x20-\x26\x28-\x2B\x3A-\x40\x2F])/g;
const PERIOD_COMMA_AFTER_NON_DIGIT = /([^0-9])([.,])/g;
const PERIOD_COMMA_BEFORE_NON_DIGIT = /([.,])([^0-9])/g;
const DASH_AFTER_DIGIT = /([0-9])(-)/g;

/** The literal regex implementation (sacrebleu's code, transcribed). */
export function tokenize13aRegex(segment: string): string[] {
  let line = ` ${unescape(segment)} `;
  line = line.replace(SYMBOLS, " $1 ");
  line = line.replace(PERIOD_COMMA_AFTER_NON_DIGIT, "$1 $2 ");
  line = line.replace(PERIOD_COMMA_BEFORE_NON_DIGIT, " $1 $2");
  line = line.replace(DASH_AFTER_DIGIT, "$1 $2 ");
  return pySplit(line);
}

const IS_SYMBOL = new Uint8Array(128);
for (const [lo, hi] of [[0x7b, 0x7e], [0x5b, 0x60], [0x20, 0x26], [0x28, 0x2b], [0x3a, 0x40], [0x2f, 0x2f]]) {
  for (let c = lo; c <= hi; c++) IS_SYMBOL[c] = 1;
}
const SPACE = 0x20;
const PERIOD = 0x2e;
const COMMA = 0x2c;
const DASH = 0x2d;

/** Python's str.split() whitespace. */
function isWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

// Ping-pong buffers: character codes, and each character's index in the line (-1 for inserted spaces).
let codesA = new Uint16Array(1024);
let origA = new Int32Array(1024);
let codesB = new Uint16Array(1024);
let origB = new Int32Array(1024);

function ensure(capacity: number): void {
  if (codesA.length >= capacity) return;
  const size = Math.max(capacity, codesA.length * 2);
  codesA = new Uint16Array(size);
  origA = new Int32Array(size);
  codesB = new Uint16Array(size);
  origB = new Int32Array(size);
}

/** Pass 1 with the padding: codesB/origB ← line. Returns the length. */
function symbolPass(line: string): number {
  const codes = codesB;
  const orig = origB;
  let len = 0;
  // the padding space is itself a symbol: " " → "   "
  codes[len] = SPACE, orig[len++] = -1, codes[len] = SPACE, orig[len++] = -1, codes[len] = SPACE, orig[len++] = -1;
  for (let i = 0, n = line.length; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c < 128 && IS_SYMBOL[c] === 1) {
      codes[len] = SPACE, orig[len++] = -1;
      codes[len] = c, orig[len++] = c === SPACE ? -1 : i;
      codes[len] = SPACE, orig[len++] = -1;
    } else {
      codes[len] = c, orig[len++] = i;
    }
  }
  codes[len] = SPACE, orig[len++] = -1, codes[len] = SPACE, orig[len++] = -1, codes[len] = SPACE, orig[len++] = -1;
  return len;
}

/**
 * One of passes 2-4 from (src, srcOrig) into (dst, dstOrig): leftmost non-overlapping matches of a
 * two-character pattern, as a global regex replace. Returns the new length.
 */
function pairPass(pass: 2 | 3 | 4, src: Uint16Array, srcOrig: Int32Array, srcLen: number, dst: Uint16Array, dstOrig: Int32Array): number {
  let len = 0;
  let i = 0;
  while (i < srcLen) {
    const c0 = src[i];
    if (i + 1 < srcLen) {
      const c1 = src[i + 1];
      let matched = false;
      if (pass === 2) matched = !(c0 >= 0x30 && c0 <= 0x39) && (c1 === PERIOD || c1 === COMMA);
      else if (pass === 3) matched = (c0 === PERIOD || c0 === COMMA) && !(c1 >= 0x30 && c1 <= 0x39);
      else matched = c0 >= 0x30 && c0 <= 0x39 && c1 === DASH;
      if (matched) {
        if (pass === 3) {
          dst[len] = SPACE, dstOrig[len++] = -1;
          dst[len] = c0, dstOrig[len++] = srcOrig[i];
          dst[len] = SPACE, dstOrig[len++] = -1;
          dst[len] = c1, dstOrig[len++] = srcOrig[i + 1];
        } else {
          dst[len] = c0, dstOrig[len++] = srcOrig[i];
          dst[len] = SPACE, dstOrig[len++] = -1;
          dst[len] = c1, dstOrig[len++] = srcOrig[i + 1];
          dst[len] = SPACE, dstOrig[len++] = -1;
        }
        i += 2;
        continue;
      }
    }
    dst[len] = c0, dstOrig[len++] = srcOrig[i];
    i++;
  }
  return len;
}

/** Whether the line needs passes 2-4 at all: they only act on '.', ',' and '-'. */
function hasPeriodCommaDash(line: string): boolean {
  return line.indexOf(".") >= 0 || line.indexOf(",") >= 0 || line.indexOf("-") >= 0;
}

/** Characters that passes 1-4 act on (symbols, period, comma, dash), apart from space. */
const ACTS_ON = new Uint8Array(128);
for (let c = 0; c < 128; c++) if ((IS_SYMBOL[c] === 1 && c !== SPACE) || c === PERIOD || c === COMMA || c === DASH) ACTS_ON[c] = 1;

function isPlain(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 128 && ACTS_ON[c] === 1) return false;
  }
  return true;
}

/** The 13a tokens of one segment. */
export function tokenize13a(segment: string): string[] {
  const words = pySplit(unescape(segment));
  let plain = true;
  for (let i = 0; i < words.length && plain; i++) plain = isPlain(words[i]);
  if (plain) return words;
  const tokens: string[] = [];
  for (const w of words) {
    if (isPlain(w)) tokens.push(w);
    else for (const t of tokenizeWord(w)) tokens.push(t);
  }
  return tokens;
}

/** The tokens of one whitespace-free word, by the four passes over a character buffer. */
function tokenizeWord(line: string): string[] {
  const n = line.length;
  // pass 1 at most triples the length (+ padding); passes 2-4 at most double it each
  ensure(8 * (3 * n + 6));
  let len = symbolPass(line);
  let codes = codesB;
  let orig = origB;
  if (hasPeriodCommaDash(line)) {
    len = pairPass(2, codesB, origB, len, codesA, origA);
    len = pairPass(3, codesA, origA, len, codesB, origB);
    len = pairPass(4, codesB, origB, len, codesA, origA);
    codes = codesA;
    orig = origA;
  }
  // split on whitespace; a token's characters are consecutive in the line, since only spaces were inserted
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i < len; i++) {
    const ws = isWhitespace(codes[i]);
    if (!ws) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      tokens.push(line.slice(orig[start], orig[i - 1] + 1));
      start = -1;
    }
  }
  if (start >= 0) tokens.push(line.slice(orig[start], orig[len - 1] + 1));
  return tokens;
}

/** The tokenised segment as sacrebleu returns it: tokens joined by single spaces. */
export function tokenize13aString(segment: string): string {
  return tokenize13a(segment).join(" ");
}
