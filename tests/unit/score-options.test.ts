/**
 * issue 18: `arbiter score` options (tokenizers, smoothing, max order, chrF beta, ROUGE stemming),
 * rougeLsum, CER, TER and several references, against sacrebleu's and rouge-score's documented
 * examples and tests, and hand computation.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bleuTokens } from "../../app/core/metrics/bleu.ts";
import { CorpusTer } from "../../app/core/metrics/ter.ts";
import { runCommand } from "../support/run-cli.ts";

const repo = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "arbiter-score-options-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let k = 0;
function lines(...texts: string[]): string {
  const path = join(dir, `f${k++}.txt`);
  writeFileSync(path, texts.join("\n") + "\n");
  return path;
}
async function score(metric: string, pred: string, refs: string[], ...options: string[]) {
  const args = ["scripts/bin/arbiter.js", "score", metric, "--pred", pred, ...refs.flatMap((r) => ["--ref", r]), ...options];
  const r = await runCommand(process.execPath, args, { cwd: repo, timeout: 120_000 });
  return { code: r.status, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

describe("several references (sacrebleu README's API example)", () => {
  // github.com/mjpost/sacrebleu README.md (Apache-2.0): BLEU = 48.53, chrF2 = 59.73 for these.
  const sys = lines("The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.");
  const ref1 = lines("The dog bit the man.", "It was not unexpected.", "The man bit him first.");
  const ref2 = lines("The dog had bit the man.", "No one was surprised.", "The man had bitten the dog.");
  it("BLEU and chrF with two reference files", async () => {
    const bleu = (await score("bleu", sys, [ref1, ref2])).json();
    expect(bleu).toMatchObject({ metric: "bleu", n: 3, references: 2 });
    expect(bleu.score).toBeCloseTo(48.53, 2);
    expect((await score("chrf", sys, [ref1, ref2])).json().score).toBeCloseTo(59.73, 2);
  });
  it("refuses several references for a one-reference metric, and uneven files", async () => {
    const wer = await score("wer", sys, [ref1, ref2]);
    expect(wer.code).toBe(2);
    expect(wer.stderr).toMatch(/wer compares with one reference/);
    const short = lines("only one line");
    const r = await score("bleu", sys, [ref1, short]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/different line counts.*has 3.*has 3.*has 1/);
  });
});

describe("BLEU options", () => {
  it("reproduce sacrebleu's own test figures (test/test_bleu.py, test/test_sentence_bleu.py, Apache-2.0)", async () => {
    const sys = lines("The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.");
    const ref1 = lines("The dog bit the man.", "It was not unexpected.", "The man bit him first.");
    const ref2 = lines("The dog had bit the man.", "No one was surprised.", "The man had bitten the dog.");
    expect((await score("bleu", sys, [ref1, ref2], "--tokenize", "none")).json().score).toBeCloseTo(49.1919566, 6);
    expect((await score("bleu", sys, [ref1, ref2], "--tokenize", "intl")).json().score).toBeCloseTo(43.91623493, 6);
    expect((await score("bleu", sys, [ref1, ref2], "--smooth", "none")).json().score).toBeCloseTo(48.530827, 6);
    // One segment (sacrebleu issue #98); as a one-line corpus its BLEU equals sentence BLEU here.
    const hyp = lines("Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;");
    const ref = lines("producţia de zahăr brut se exprimă în zahăr alb;");
    const cases: [string[], number][] = [
      [[], 8.493],
      [["--smooth", "none"], 0],
      [["--smooth", "floor"], 4.51688],
      [["--smooth", "floor", "--smooth-value", "0.5"], 10.1],
      [["--smooth", "add-k"], 14.882],
      [["--smooth", "add-k", "--smooth-value", "2"], 21.389],
      [["--tokenize", "none"], 7.347],
      [["--tokenize", "intl"], 8.493],
      [["--tokenize", "char"], 40.8759],
    ];
    for (const [options, expected] of cases) {
      expect(Math.abs((await score("bleu", hyp, [ref], ...options)).json().score - expected), options.join(" ")).toBeLessThan(1e-2);
    }
  }, 120_000);

  it("--tokenize char and --max-order (hand-computed)", async () => {
    // Characters a b c against a b d: 1-grams 2/3, 2-grams 1/2, BP 1: 100·sqrt(1/3).
    const r = (await score("bleu", lines("abc"), [lines("abd")], "--tokenize", "char", "--max-order", "2")).json();
    expect(r.score).toBeCloseTo(100 * Math.sqrt(1 / 3), 9);
    expect(r.options).toEqual({ tokenize: "char", max_order: 2 });
  });
  it("--tokenize intl sets punctuation and symbols apart, except punctuation between digits", () => {
    expect(bleuTokens("Hello, world! 3.5 $", "intl")).toEqual(["Hello", ",", "world", "!", "3.5", "$"]);
    expect(bleuTokens("a  b\t", "none")).toEqual(["a", "b"]);
    expect(bleuTokens("é b", "char")).toEqual(["é", "b"]);
  });
  it("--smooth floor, add-k and none (sacrebleu's definitions, hand-computed)", async () => {
    // "the cat" vs "the dog", orders 1-2: 1-gram 1/2, 2-gram 0/1.
    const p = lines("the cat");
    const r = lines("the dog");
    // floor: the empty order gets 100·0.1/1 = 10 %; sqrt(50 · 10).
    expect((await score("bleu", p, [r], "--max-order", "2", "--smooth", "floor")).json().score).toBeCloseTo(Math.sqrt(500), 9);
    expect((await score("bleu", p, [r], "--max-order", "2", "--smooth", "floor", "--smooth-value", "0.2")).json().score).toBeCloseTo(Math.sqrt(50 * 20), 9);
    // add-k (k = 1) from order 2 on: (0 + 1)/(1 + 1) = 50 %.
    expect((await score("bleu", p, [r], "--max-order", "2", "--smooth", "add-k")).json().score).toBeCloseTo(50, 9);
    expect((await score("bleu", p, [r], "--max-order", "2", "--smooth", "none")).json().score).toBeCloseTo(0, 9);
    // exp: the first empty order gets 100/(2·1) = 50 %.
    expect((await score("bleu", p, [r], "--max-order", "2")).json().score).toBeCloseTo(50, 9);
    expect((await score("chrf", p, [r], "--smooth", "floor")).stderr).toMatch(/--smooth applies to bleu only/);
  });
});

describe("chrF --beta", () => {
  it("weights recall by beta (hand-computed on ab vs abc)", async () => {
    // Orders with n-grams on both sides: 1 (P 2/2, R 2/3) and 2 (P 1/1, R 1/2); P = 1, R = 7/12.
    const p = lines("ab");
    const r = lines("abc");
    const f = (beta: number) => (100 * (1 + beta * beta) * (7 / 12)) / (beta * beta + 7 / 12);
    expect((await score("chrf", p, [r], "--beta", "1")).json().score).toBeCloseTo(f(1), 9);
    expect((await score("chrf", p, [r])).json().score).toBeCloseTo(f(2), 9);
  });
});

describe("ROUGE --stem and rougeLsum", () => {
  it("reproduces rouge-score's README example", async () => {
    // google-research/google-research rouge/README.md (Apache-2.0): score(target, prediction)
    // with use_stemmer=True gives rouge1 F 0.70588, rougeL F 0.58824.
    const pred = lines("The quick brown dog jumps on the log.");
    const ref = lines("The quick brown fox jumps over the lazy dog");
    expect((await score("rouge1", pred, [ref], "--stem")).json().score).toBeCloseTo(0.7058823529411765, 12);
    expect((await score("rougeL", pred, [ref], "--stem")).json().score).toBeCloseTo(0.5882352941176471, 12);
  });
  it("stems only with --stem (hand-computed)", async () => {
    // running → run, dogs → dog, runs → run: [run, dog] vs [the, dog, run], P 1, R 2/3, F 0.8.
    const pred = lines("running dogs");
    const ref = lines("the dog runs");
    expect((await score("rouge1", pred, [ref], "--stem")).json().score).toBeCloseTo(0.8, 12);
    expect((await score("rouge1", pred, [ref])).json().score).toBe(0);
  });
  it("rougeLsum takes the union LCS over sentences (Lin 2004, section 3.2's example)", async () => {
    // r = w1..w5; c1 = w1 w2 w6 w7 w8, c2 = w1 w3 w8 w9 w5: union LCS w1 w2 w3 w5, 4 hits;
    // R = 4/5, P = 4/10, F = 8/15. Sentences are separated by the two characters \n in a line.
    const pred = lines("a b f g h\\na c h i e");
    const ref = lines("a b c d e");
    expect((await score("rougeLsum", pred, [ref])).json().score).toBeCloseTo(8 / 15, 12);
  });
});

describe("CER and TER", () => {
  it("CER: character edits over reference characters, spaces included (hand-computed)", async () => {
    // kitten → sitting: 3 edits over 7; "a b" → "a c": 1 over 3. Corpus: 4 / 10.
    expect((await score("cer", lines("kitten", "a b"), [lines("sitting", "a c")])).json().score).toBeCloseTo(0.4, 12);
  });
  it("TER: sacrebleu's test cases", () => {
    // github.com/mjpost/sacrebleu test/test_ter.py (Apache-2.0).
    const ter = (h: string[], r: string[]) => {
      const acc = new CorpusTer();
      h.forEach((x, i) => acc.add(x, r[i]));
      return acc.result();
    };
    expect(ter(["aaaa bbbb cccc dddd"], ["aaaa bbbb cccc dddd"])).toBe(0);
    expect(ter(["dddd eeee ffff"], ["aaaa bbbb cccc"])).toBe(100);
    expect(ter([""], ["a"])).toBe(100);
    expect(ter(["a"], [""])).toBe(100);
    expect(ter([""], [""])).toBe(0);
    expect(ter(["d e f g h a b c"], ["a b c d e f g h"])).toBeCloseTo(100 / 8, 9);
    const hyp = [
      'wählen Sie " Bild neu berechnen , " um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit das Bild ungefähr dieselbe Größe aufweist wie die andere Größe .',
      'wenn Sie alle Aufgaben im aktuellen Dokument aktualisieren möchten , wählen Sie im Menü des Aufgabenbedienfelds die Option " Alle Aufgaben aktualisieren . "',
      'klicken Sie auf der Registerkarte " Optionen " auf die Schaltfläche " Benutzerdefiniert " und geben Sie Werte für " Fehlerkorrektur-Level " und " Y / X-Verhältnis " ein .',
      "Sie können beispielsweise ein Dokument erstellen , das ein Auto über die Bühne enthält .",
      'wählen Sie im Dialogfeld " Neu aus Vorlage " eine Vorlage aus und klicken Sie auf " Neu . "',
    ];
    const ref = [
      'wählen Sie " Bild neu berechnen , " um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit die Darstellung des Bildes in einer anderen Größe beibehalten wird .',
      hyp[1],
      'klicken Sie auf der Registerkarte " Optionen " auf die Schaltfläche " Benutzerdefiniert " und geben Sie für " Fehlerkorrektur-Level " und " Y / X-Verhältnis " niedrigere Werte ein .',
      "Sie können beispielsweise ein Dokument erstellen , das ein Auto enthalt , das sich über die Bühne bewegt .",
      hyp[4],
    ];
    expect(Math.abs(ter(hyp, ref) - 13.6)).toBeLessThan(1e-3);
  });
  it("TER from the command line: Snover et al. (2006)'s example, case-insensitive, 4 edits over 13 words", async () => {
    const hyp = lines("THIS WEEK THE SAUDIS denied information published in the new york times");
    const ref = lines("SAUDI ARABIA denied THIS WEEK information published in the AMERICAN new york times");
    expect((await score("ter", hyp, [ref])).json().score).toBeCloseTo((100 * 4) / 13, 9);
  });
});
