/**
 * sacrebleu's default "13a" tokeniser (Tokenizer13a + TokenizerRegexp), equivalent to mteval-v13a.pl as
 * used by WMT: unescape a few XML entities, then pad punctuation and symbols with spaces; periods and
 * commas are split off unless they sit between digits, and a dash after a digit is split off.
 */
import { pySplit } from "./whitespace.ts";

// Python: ([\{-\~\[-\` -\&\(-\+\:-\@\/]) → { | } ~ [ \ ] ^ _ ` space ! " # $ % & ( ) * + : ; < = > ? @ /
const SYMBOLS = /([\x7B-\x7E\x5B-\x60\x20-\x26\x28-\x2B\x3A-\x40\x2F])/g;
const PERIOD_COMMA_AFTER_NON_DIGIT = /([^0-9])([.,])/g;
const PERIOD_COMMA_BEFORE_NON_DIGIT = /([.,])([^0-9])/g;
const DASH_AFTER_DIGIT = /([0-9])(-)/g;

/** The 13a tokens of one segment. */
export function tokenize13a(segment: string): string[] {
  let line = segment;
  if (line.includes("<skipped>")) line = line.split("<skipped>").join("");
  if (line.includes("\n")) line = line.split("-\n").join("").split("\n").join(" ");
  if (line.includes("&")) {
    line = line.split("&quot;").join('"').split("&amp;").join("&").split("&lt;").join("<").split("&gt;").join(">");
  }
  line = ` ${line} `;
  line = line.replace(SYMBOLS, " $1 ");
  line = line.replace(PERIOD_COMMA_AFTER_NON_DIGIT, "$1 $2 ");
  line = line.replace(PERIOD_COMMA_BEFORE_NON_DIGIT, " $1 $2");
  line = line.replace(DASH_AFTER_DIGIT, "$1 $2 ");
  return pySplit(line);
}

/** The tokenised segment as sacrebleu returns it: tokens joined by single spaces. */
export function tokenize13aString(segment: string): string {
  return tokenize13a(segment).join(" ");
}
