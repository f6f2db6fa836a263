/**
 * Judge agreement as the MT-bench paper defines it (Zheng et al. 2023, "Judging LLM-as-a-Judge
 * with MT-Bench and Chatbot Arena", section 4.2 and Table 2), computed the way FastChat's
 * fastchat/llm_judge/compute_agreement.py computes it:
 * - judges are grouped: ["gpt-4", "pair…"] is "gpt4-pair", a name starting "expert" is "human",
 *   one starting "author" is "author" (any other judge is its own group, named as written);
 * - votes are keyed by question, unordered model pair and turn; a vote on (b, a) is turned round
 *   to (a, b) so "model_a" and "model_b" keep meaning the same model;
 * - on each key, every pair of one vote of group A and one of group B counts once (within one
 *   group, every unordered pair of its votes); a pair agrees when both votes name the same model
 *   or both are ties of any kind ("tie", "tie (bothbad)");
 * - without ties, a pair where either vote is a tie is left out.
 * The figure is agree / pairs, pooled over every key: a key with many votes weighs more.
 */
export interface MtBenchVote {
  question_id: string | number;
  model_a: string;
  model_b: string;
  winner: string;
  judge: string | readonly string[];
  turn: number;
}

export interface MtBenchAgreement {
  metric: "mt_bench_agreement";
  value: number | null;
  agree: number;
  n_pairs: number;
}

export function judgeGroup(judge: string | readonly string[]): string {
  if (Array.isArray(judge)) {
    if (judge[0] === "gpt-4" && typeof judge[1] === "string" && judge[1].startsWith("pair")) return "gpt4-pair";
    return JSON.stringify(judge);
  }
  const name = judge as string;
  if (name.startsWith("expert")) return "human";
  if (name.startsWith("author")) return "author";
  return name;
}

const isTie = (vote: string): boolean => vote.includes("tie");

function revert(vote: string): string {
  return vote === "model_a" ? "model_b" : vote === "model_b" ? "model_a" : vote;
}

function equalVote(a: string, b: string): boolean {
  return (isTie(a) && isTie(b)) || a === b;
}

export function mtBenchAgreement(
  votes: Iterable<MtBenchVote>,
  groupA: string,
  groupB: string,
  turn: number,
  { noTies = false }: { noTies?: boolean } = {},
): MtBenchAgreement {
  // key → group → winners (as seen from the alphabetically first model)
  const byKey = new Map<string, Map<string, string[]>>();
  for (const v of votes) {
    if (v.turn !== turn) continue;
    const group = judgeGroup(v.judge);
    if (group !== groupA && group !== groupB) continue;
    const inOrder = v.model_a < v.model_b;
    const key = JSON.stringify([v.question_id, inOrder ? v.model_a : v.model_b, inOrder ? v.model_b : v.model_a]);
    const winner = inOrder ? v.winner : revert(v.winner);
    let groups = byKey.get(key);
    if (!groups) byKey.set(key, (groups = new Map()));
    const list = groups.get(group);
    if (list) list.push(winner);
    else groups.set(group, [winner]);
  }
  let agree = 0;
  let pairs = 0;
  const count = (x: string, y: string) => {
    if (noTies && (isTie(x) || isTie(y))) return;
    pairs++;
    if (equalVote(x, y)) agree++;
  };
  for (const groups of byKey.values()) {
    const a = groups.get(groupA);
    if (!a) continue;
    if (groupA === groupB) {
      for (let i = 0; i < a.length; i++) for (let j = i + 1; j < a.length; j++) count(a[i], a[j]);
    } else {
      const b = groups.get(groupB);
      if (!b) continue;
      for (const x of a) for (const y of b) count(x, y);
    }
  }
  return { metric: "mt_bench_agreement", value: pairs === 0 ? null : agree / pairs, agree, n_pairs: pairs };
}
