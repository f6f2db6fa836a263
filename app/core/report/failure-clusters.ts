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
  why: string[];
  assertionTypes: string[];
  confusion: string | null;
  reasonWords: Set<string>;
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
    const why: string[] = [];
    const assertionTypes: string[] = [];
    const v = c.candidateVerdict;
    if (v?.status === "fail") {
      why.push(v.reason ?? "an assertion failed");
      const failed = v.checks.filter((k) => k.status === "fail").map((k) => k.type);
      assertionTypes.push(...(failed.length ? [...new Set(failed)] : ["error"]));
    }
    let confusion: string | null = null;
    if (c.case.shape === "classification" && c.case.reference && c.candidate) {
      const pred = (c.candidate.error ? "(error)" : c.candidate.text ?? "").trim();
      const ref = c.case.reference.trim();
      if (pred !== ref) {
        confusion = `${ref} → ${pred.length > 40 ? pred.slice(0, 39) + "…" : pred}`;
        why.push(`predicted ${JSON.stringify(pred)} for ${JSON.stringify(ref)}`);
      }
    }
    const h = human.get(c.case.id);
    if (h && h.losses > h.wins) why.push(`annotators preferred the baseline ${h.losses}–${h.wins}`);
    const j = judge.get(c.case.id);
    if (j && j.losses > j.wins) why.push(`the judge preferred the baseline ${j.losses}–${j.wins}`);
    if (why.length === 0) continue;
    const reasonWords = new Set<string>();
    for (const t of reasonsByCase.get(c.case.id) ?? []) for (const w of words(t)) reasonWords.add(w);
    losses.push({ c, why, assertionTypes, confusion, reasonWords });
  }

  const groups = new Map<string, { kind: FailureCluster["kind"]; label: string; members: Loss[] }>();
  const put = (kind: FailureCluster["kind"], value: string, label: string, l: Loss) => {
    const key = `${kind}:${value}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { kind, label, members: [] }));
    g.members.push(l);
  };
  for (const l of losses) {
    put("category", l.c.case.category, `category ${l.c.case.category}`, l);
    put("shape", l.c.case.shape, `shape ${l.c.case.shape}`, l);
    for (const t of l.c.case.tags) put("tag", t, `tag ${t}`, l);
    for (const a of l.assertionTypes) put("assertion", a, `failing assertion ${a}`, l);
    if (l.confusion) put("confusion", l.confusion, `confused ${l.confusion}`, l);
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
    for (const s of scored) for (const l of s.ls) put("keyword", s.w, `reasons mention “${s.w}”`, l);
  }

  const example = (l: Loss): ClusterExample => ({
    case_id: l.c.case.id,
    external_id: l.c.case.external_id,
    category: l.c.case.category,
    input: clip(inputText(l.c.case.input), textLimit) ?? "",
    reference: clip(l.c.case.reference, textLimit),
    candidate: clip(l.c.candidate ? l.c.candidate.error ? `(error) ${l.c.candidate.error}` : l.c.candidate.text : null, textLimit),
    baseline: clip(l.c.baseline ? l.c.baseline.error ? `(error) ${l.c.baseline.error}` : l.c.baseline.text : null, textLimit),
    why: l.why,
  });
  const minSize = losses.length >= 10 ? 2 : 1;
  return [...groups]
    .filter(([, g]) => g.members.length >= minSize)
    .sort(([ka, a], [kb, b]) => b.members.length - a.members.length || ka.localeCompare(kb))
    .slice(0, maxClusters)
    .map(([key, g]) => {
      const members = [...g.members].sort((a, b) => a.c.case.external_id.localeCompare(b.c.case.external_id));
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
