import { describe, expect, it } from "vitest";
import { porterStem } from "../../app/core/metrics/porter-stemmer.ts";

// Examples from Porter (1980) and NLTK's PorterStemmer (default NLTK_EXTENSIONS mode) docstrings.
const KNOWN: [string, string][] = [
  ["caresses", "caress"],
  ["ponies", "poni"],
  ["ties", "tie"], // NLTK extension: four-letter 'ies' words keep 'ie'
  ["caress", "caress"],
  ["cats", "cat"],
  ["feed", "feed"],
  ["agreed", "agre"],
  ["plastered", "plaster"],
  ["motoring", "motor"],
  ["sing", "sing"],
  ["conflated", "conflat"],
  ["hopping", "hop"],
  ["falling", "fall"],
  ["hissing", "hiss"],
  ["filing", "file"],
  ["happy", "happi"],
  ["relational", "relat"],
  ["conditional", "condit"],
  ["generalization", "gener"],
  ["running", "run"],
  ["meeting", "meet"],
  ["friends", "friend"],
  ["testing", "test"],
  ["flies", "fli"],
  ["dying", "die"], // irregular form
  ["skies", "sky"],
  ["news", "news"],
  ["enjoy", "enjoy"],
  ["controll", "control"],
  ["roll", "roll"],
  ["triplicate", "triplic"],
  ["hopeful", "hope"],
  ["goodness", "good"],
  ["adjustment", "adjust"],
  ["adoption", "adopt"],
  ["is", "is"], // two letters are never stemmed
];

describe("porterStem (NLTK_EXTENSIONS)", () => {
  it.each(KNOWN)("%s → %s", (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });
});
