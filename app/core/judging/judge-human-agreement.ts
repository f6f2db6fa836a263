/**
 * Should the judge be trusted where no human looked? For the comparisons that both humans and the
 * LLM judge saw, the judge's winner is compared with the human majority, per judge config
 * (config_hash): Cohen's kappa (judge vs majority, unweighted), accuracy with a Wilson 95%
 * interval, and a confusion table. Pure: no I/O.
 *
 * Labels are a (system_a, the candidate side), b, tie. A human "both bad" counts as a tie, as in
 * the win rate (DESIGN). The human majority is the most frequent label; when two labels share the
 * top count (1 a vs 1 b, 2 a vs 2 tie) there is no majority, and it is a tie.
 */
import { cohenKappa } from "../stats/cohen-kappa.ts";
import { wilsonInterval } from "../stats/wilson.ts";

export type AgreementLabel = "a" | "b" | "tie";
export const AGREEMENT_LABELS: readonly AgreementLabel[] = ["a", "b", "tie"];

export interface JudgeVerdictRecord {
  comparison_id: number;
  config_hash: string;
  winner: AgreementLabel | null;
  /** Later verdicts of the same config on the same comparison replace earlier ones (a re-run). */
  id: number;
}

export interface HumanJudgmentRecord {
  comparison_id: number;
  outcome: "a" | "b" | "tie" | "both_bad";
}

export interface JudgeHumanAgreement {
  config_hash: string;
  /** Comparisons seen by both the judge (this config) and at least one human. */
  n: number;
  kappa: number | null;
  kappa_reason?: string;
  accuracy: number | null;
  ci95_accuracy: [number, number] | null;
  /** confusion[judge][human]: counts of comparisons. */
  confusion: Record<AgreementLabel, Record<AgreementLabel, number>>;
}

export function humanMajority(outcomes: readonly HumanJudgmentRecord["outcome"][]): AgreementLabel | null {
  if (outcomes.length === 0) return null;
  const counts: Record<AgreementLabel, number> = { a: 0, b: 0, tie: 0 };
  for (const o of outcomes) counts[o === "both_bad" ? "tie" : o]++;
  const top = Math.max(counts.a, counts.b, counts.tie);
  const leaders = AGREEMENT_LABELS.filter((l) => counts[l] === top);
  return leaders.length === 1 ? leaders[0] : "tie";
}

function emptyConfusion(): Record<AgreementLabel, Record<AgreementLabel, number>> {
  return { a: { a: 0, b: 0, tie: 0 }, b: { a: 0, b: 0, tie: 0 }, tie: { a: 0, b: 0, tie: 0 } };
}

export function judgeHumanAgreement(verdicts: readonly JudgeVerdictRecord[], judgments: readonly HumanJudgmentRecord[]): JudgeHumanAgreement[] {
  const humans = new Map<number, HumanJudgmentRecord["outcome"][]>();
  for (const j of judgments) {
    let list = humans.get(j.comparison_id);
    if (!list) humans.set(j.comparison_id, (list = []));
    list.push(j.outcome);
  }
  const byConfig = new Map<string, Map<number, JudgeVerdictRecord>>();
  for (const v of verdicts) {
    if (v.winner === null) continue;
    let m = byConfig.get(v.config_hash);
    if (!m) byConfig.set(v.config_hash, (m = new Map()));
    const prev = m.get(v.comparison_id);
    if (!prev || prev.id < v.id) m.set(v.comparison_id, v);
  }
  const out: JudgeHumanAgreement[] = [];
  for (const [config_hash, m] of [...byConfig].sort((x, y) => x[0].localeCompare(y[0]))) {
    const rows: [AgreementLabel, AgreementLabel][] = [];
    for (const [cid, v] of [...m].sort((x, y) => x[0] - y[0])) {
      const majority = humanMajority(humans.get(cid) ?? []);
      if (majority !== null) rows.push([v.winner!, majority]);
    }
    const confusion = emptyConfusion();
    let hits = 0;
    for (const [j, h] of rows) {
      confusion[j][h]++;
      if (j === h) hits++;
    }
    const kappa = cohenKappa(rows);
    out.push({
      config_hash,
      n: rows.length,
      kappa: kappa.value,
      ...(kappa.value === null && kappa.reason ? { kappa_reason: kappa.reason } : {}),
      accuracy: rows.length ? hits / rows.length : null,
      ci95_accuracy: wilsonInterval(hits, rows.length),
      confusion,
    });
  }
  return out;
}
