/**
 * The probability-weighted pairwise margin from token logprobs.
 *
 * Tokenisers rarely make "A>>B" one token: it is usually "A", ">>", "B" (sometimes with the
 * opening quote glued to the first). So the verdict's distribution is read along the generated
 * path: at each token of the verdict, every top alternative that diverges from the path opens a
 * branch whose probability is P(path so far) · p(alternative). A branch that already names one
 * verdict ("A" then "=" can only be A=B) gives it that mass; one that is still ambiguous ("B"
 * could be B>A or B>>A, whose continuations the endpoint never scored) spreads its mass equally
 * over the verdicts it could become; one that cannot become a verdict is dropped. What remains on
 * the path at the end belongs to the generated verdict. The margin is the expected scale point
 * over this (renormalised) distribution; with one token per verdict it is the exact expectation.
 */
import { expectedScore, VERDICTS, type Verdict } from "../../app/core/judging/pairwise-combine.ts";
import type { TokenLogprob } from "../types.ts";

export interface VerdictDistribution {
  /** The verdict the tokens actually spell. */
  generated: Verdict;
  /** Probability mass per verdict, before renormalisation. */
  probs: Partial<Record<Verdict, number>>;
  /** Mass that landed on some verdict; the rest went to tokens that cannot form one. */
  coveredMass: number;
  /** Expected scale point from the side shown first, in [-1, 1]. */
  score: number;
}

const VERDICT_VALUE = /"verdict"\s*:\s*"/;
const squeeze = (s: string) => s.replace(/\s+/g, "");

export function verdictDistribution(tokens: readonly TokenLogprob[]): VerdictDistribution | undefined {
  const text = tokens.map((t) => t.token).join("");
  const m = VERDICT_VALUE.exec(text);
  if (!m) return undefined;
  const start = m.index + m[0].length;
  const end = text.indexOf('"', start);
  if (end < 0) return undefined;
  const generated = squeeze(text.slice(start, end)) as Verdict;
  if (!VERDICTS.includes(generated)) return undefined;

  const probs: Partial<Record<Verdict, number>> = {};
  const add = (vs: readonly Verdict[], mass: number) => {
    for (const v of vs) probs[v] = (probs[v] ?? 0) + mass / vs.length;
  };

  let pathMass = 1;
  let offset = 0;
  for (const tok of tokens) {
    const tokStart = offset;
    offset += tok.token.length;
    if (offset <= start) continue; // before the verdict value
    if (tokStart >= end) break; // past it
    const lead = text.slice(tokStart, Math.max(tokStart, start)); // e.g. ` "` glued before the verdict
    const before = squeeze(text.slice(start, Math.max(start, tokStart))); // verdict text already generated
    for (const alt of tok.top_logprobs) {
      if (alt.token === tok.token || !alt.token.startsWith(lead)) continue;
      const raw = before + alt.token.slice(lead.length);
      const quote = raw.indexOf('"');
      const stem = squeeze(quote >= 0 ? raw.slice(0, quote) : raw);
      if (quote < 0 && stem === before) continue; // a different split of the same text: says nothing
      const could = VERDICTS.filter((v) => (quote >= 0 ? v === stem : v.startsWith(stem)));
      if (could.length) add(could, pathMass * Math.exp(alt.logprob));
    }
    pathMass *= Math.exp(tok.logprob);
  }
  add([generated], pathMass);

  const coveredMass = Object.values(probs).reduce((a, b) => a + (b ?? 0), 0);
  const score = expectedScore(probs);
  return score === undefined ? undefined : { generated, probs, coveredMass, score };
}
