/**
 * Where the candidate loses: cases it fails (assertions, a wrong class) or loses (humans or the judge
 * prefer the baseline), grouped by what they share: category, tag, shape, failing assertion type,
 * confused class pair, and recurring words of the annotators' and judge's reasons (weighted
 * tf-idf-style against all reasons). Largest first; each cluster keeps its case ids (for the JSONL
 * export that augments training data) and a few examples side by side. Pure.
 */
import type { CaseEvidence, Evidence } from "./case-evidence.ts";
import type { CaseHuman, CaseJudge } from "./pair-counts.ts";
import type { ClusterExample, FailureCluster, LossReason, ReportCaseInput } from "./types.ts";

export interface ClusterOptions {
  maxClusters?: number;
  maxIdsPerCluster?: number;
  examplesPerCluster?: number;
  textLimit?: number;
}

const STOPWORDS = new Set(
  ("the and for that this with was were are but not you your its it's has have had from they them then than there their what which when where who why how all any can could would should will just more most very also into onto over under about after before been being both each few other some such only own same too out off our ours his her hers him she he we us a an of to in on at by or as is be do does did so if no nor up down again further once here these those i me my myself yourself itself themselves candidate baseline answer response output model left right better worse one").split(
    /\s+/,
  ),
);

export function words(text: string): string[] {
  return (text.toLowerCase().match(/[a-z][a-z'-]{3,}/g) ?? []).filter((w) => !STOPWORDS.has(w));
}

export function inputText(input: ReportCaseInput): string {
  if (typeof input === "string") return input;
  const user = [...input].reverse().find((m) => m.role === "user");
  return (user ?? input[input.length - 1])?.content ?? "";
}

function clip(text: string | null, limit: number): string | null {
  if (text === null) return null;
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

interface Loss {
  c: CaseEvidence;
  /** The candidate's verdict failed (its reason is the first "why"). */
  failed: boolean;
  /** Predicted and reference label when they differ on a classification case. */
  mismatch: { pred: string; ref: string } | null;
  h: CaseHuman | undefined;
  j: CaseJudge | undefined;
  assertionTypes: string[];
  confusion: string | null;
  reasonWords: ReadonlySet<string>;
  /** Position by external id among all losses (equal ids share one). */
  rank: number;
}

const NO_WORDS: ReadonlySet<string> = new Set();

/**
 * Why a case counts as a loss, in words. Built only for the few examples shown: at 100,000 cases
 * formatting these strings for every loss was a large share of the report's time.
 */
function whyOf(l: Loss): string[] {
  const why: string[] = [];
  if (l.failed) why.push(l.c.candidateVerdict!.reason ?? "an assertion failed");
  if (l.mismatch) why.push(`predicted ${JSON.stringify(l.mismatch.pred)} for ${JSON.stringify(l.mismatch.ref)}`);
  if (l.h && l.h.losses > l.h.wins) why.push(`annotators preferred the baseline ${l.h.losses}–${l.h.wins}`);
  if (l.j && l.j.losses > l.j.wins) why.push(`the judge preferred the baseline ${l.j.losses}–${l.j.wins}`);
  return why;
}

export function failureClusters(
  evidence: Evidence,
  human: Map<number, CaseHuman>,
  judge: Map<number, CaseJudge>,
  reasons: readonly LossReason[],
  backgroundReasons: readonly string[],
  options: ClusterOptions = {},
): FailureCluster[] {
  const maxClusters = options.maxClusters ?? 12;
  const maxIds = options.maxIdsPerCluster ?? 2000;
  const nExamples = options.examplesPerCluster ?? 2;
  const textLimit = options.textLimit ?? 600;
  const reasonsByCase = new Map<number, string[]>();
  for (const r of reasons) {
    const list = reasonsByCase.get(r.case_id) ?? [];
    list.push(r.text);
    reasonsByCase.set(r.case_id, list);
  }
  const losses: Loss[] = [];
  for (const c of evidence.cases) {
    if (!c.candidate && !c.baseline) continue;
    const assertionTypes: string[] = [];
    const v = c.candidateVerdict;
    const failed = v?.status === "fail";
    if (failed) assertionTypes.push(...(v.failedTypes.length ? v.failedTypes : ["error"]));
    let confusion: string | null = null;
    let mismatch: Loss["mismatch"] = null;
    if (c.case.shape === "classification" && c.case.reference && c.candidate) {
      const pred = (c.candidate.error ? "(error)" : c.candidate.text ?? "").trim();
      const ref = c.case.reference.trim();
      if (pred !== ref) {
        confusion = `${ref} → ${pred.length > 40 ? pred.slice(0, 39) + "…" : pred}`;
        mismatch = { pred, ref };
      }
    }
    const h = human.get(c.case.id);
    const j = judge.get(c.case.id);
    if (!failed && !mismatch && !(h && h.losses > h.wins) && !(j && j.losses > j.wins)) continue;
    const texts = reasonsByCase.get(c.case.id);
    let reasonWords = NO_WORDS;
    if (texts) {
      const set = new Set<string>();
      for (const t of texts) for (const w of words(t)) set.add(w);
      reasonWords = set;
    }
    losses.push({ c, failed, mismatch, h, j, assertionTypes, confusion, reasonWords, rank: 0 });
  }

  // Grouped through nested maps (kind, then value) rather than a "kind:value" string per membership.
  const groups = new Map<string, { key: string; kind: FailureCluster["kind"]; label: string; members: Loss[] }>();
  const byKind = new Map<FailureCluster["kind"], Map<string, { key: string; kind: FailureCluster["kind"]; label: string; members: Loss[] }>>();
  const put = (kind: FailureCluster["kind"], value: string, label: (value: string) => string, l: Loss) => {
    let inner = byKind.get(kind);
    if (!inner) byKind.set(kind, (inner = new Map()));
    let g = inner.get(value);
    if (!g) {
      const key = `${kind}:${value}`;
      g = groups.get(key);
      if (!g) groups.set(key, (g = { key, kind, label: label(value), members: [] }));
      inner.set(value, g);
    }
    g.members.push(l);
  };
  for (const l of losses) {
    put("category", l.c.case.category, (v) => `category ${v}`, l);
    put("shape", l.c.case.shape, (v) => `shape ${v}`, l);
    for (const t of l.c.case.tags) put("tag", t, (v) => `tag ${v}`, l);
    for (const a of l.assertionTypes) put("assertion", a, (v) => `failing assertion ${v}`, l);
    if (l.confusion) put("confusion", l.confusion, (v) => `confused ${v}`, l);
  }
  // Keywords: words in many loss reasons that are rare among all reasons.
  if (reasons.length) {
    const bg = new Map<string, number>();
    for (const t of backgroundReasons) for (const w of new Set(words(t))) bg.set(w, (bg.get(w) ?? 0) + 1);
    const df = new Map<string, Loss[]>();
    for (const l of losses) for (const w of l.reasonWords) (df.get(w) ?? df.set(w, []).get(w)!).push(l);
    const N = Math.max(1, backgroundReasons.length);
    const scored = [...df]
      .filter(([, ls]) => ls.length >= 2)
      .map(([w, ls]) => ({ w, ls, score: ls.length * Math.log((N + 1) / ((bg.get(w) ?? 0) + 1)) }))
      .sort((a, b) => b.score - a.score || a.w.localeCompare(b.w))
      .slice(0, 6);
    for (const s of scored) for (const l of s.ls) put("keyword", s.w, (v) => `reasons mention “${v}”`, l);
  }

  const example = (l: Loss): ClusterExample => ({
    case_id: l.c.case.id,
    external_id: l.c.case.external_id,
    category: l.c.case.category,
    input: clip(inputText(l.c.case.input), textLimit) ?? "",
    reference: clip(l.c.case.reference, textLimit),
    candidate: clip(l.c.candidate ? l.c.candidate.error ? `(error) ${l.c.candidate.error}` : l.c.candidate.text : null, textLimit),
    baseline: clip(l.c.baseline ? l.c.baseline.error ? `(error) ${l.c.baseline.error}` : l.c.baseline.text : null, textLimit),
    why: whyOf(l),
  });
  // Members are listed by external id. The losses are ranked once (equal ids share a rank) so that each
  // cluster sorts by an integer: comparing strings with localeCompare in every cluster of up to 100,000
  // members was a large share of the report's time. Same order, since Array.prototype.sort is stable.
  const collator = new Intl.Collator();
  const byId = [...losses].sort((a, b) => collator.compare(a.c.case.external_id, b.c.case.external_id));
  byId.forEach((l, k) => {
    const prev = k > 0 ? byId[k - 1] : null;
    l.rank = prev && collator.compare(prev.c.case.external_id, l.c.case.external_id) === 0 ? prev.rank : k;
  });
  const minSize = losses.length >= 10 ? 2 : 1;
  return [...groups]
    .filter(([, g]) => g.members.length >= minSize)
    .sort(([ka, a], [kb, b]) => b.members.length - a.members.length || ka.localeCompare(kb))
    .slice(0, maxClusters)
    .map(([key, g]) => {
      const members = [...g.members].sort((a, b) => a.rank - b.rank);
      return {
        key,
        kind: g.kind,
        label: g.label,
        size: members.length,
        case_ids: members.slice(0, maxIds).map((m) => m.c.case.id),
        truncated: members.length > maxIds,
        examples: members.slice(0, nExamples).map(example),
      };
    });
}
