/**
 * One case's row in the explorer's index: the outcomes the filters ask about, computed from its
 * evidence. Pure. Definitions are those of the filter contract in ./filters.ts.
 */
import { AssertionListSchema, evaluateCase, type CaseStatus } from "../assertions/index.ts";

export type Outcome = "win" | "loss" | "tie" | "none";
export type PairOutcome = "a" | "b" | "tie" | "both_bad";

export interface RowOutput {
  id: number;
  text: string | null;
  error: string | null;
  latency_ms: number | null;
}

export interface RowRubric {
  output_id: number;
  index: number | null;
  passed: boolean;
  score: number | null;
  reason: string | null;
}

export interface RowInput {
  assertions: unknown;
  candidate: RowOutput | null;
  baseline: RowOutput | null;
  rubrics: readonly RowRubric[];
  /** Votes on the candidate-vs-baseline comparison, as stored (a = system_a). */
  votes: readonly PairOutcome[];
  adjudicated: PairOutcome | null;
  /** Whether system_a of that comparison is the candidate. */
  candidateIsA: boolean;
  /** The latest pairwise run's combined winner for that comparison (null = flip or none). */
  judgeWinner: "a" | "b" | "tie" | null | undefined;
}

export interface RowOutcome {
  cand_assert: CaseStatus;
  base_assert: CaseStatus;
  human: Outcome;
  judge: Outcome;
  disagree: boolean;
  identical: boolean;
  missing: boolean;
}

const parsedLists = new WeakMap<object, ReturnType<typeof AssertionListSchema.safeParse>>();

function parseAssertions(list: unknown) {
  if (list && typeof list === "object") {
    let p = parsedLists.get(list);
    if (!p) parsedLists.set(list, (p = AssertionListSchema.safeParse(list)));
    return p;
  }
  return AssertionListSchema.safeParse(list ?? []);
}

/** The assertion verdict of one output ("none" without assertions or without an output). */
export function assertionStatus(assertions: unknown, o: RowOutput | null, rubrics: readonly RowRubric[]) {
  const parsed = parseAssertions(assertions);
  const list = parsed.success ? parsed.data : [];
  if (!o || list.length === 0) return { status: "none" as CaseStatus, reason: null as string | null, checks: [] as ReturnType<typeof evaluateCase>["checks"] };
  const mine = rubrics.filter((r) => r.output_id === o.id);
  return evaluateCase(list, {
    output: o.error ? null : o.text,
    error: o.error,
    latencyMs: o.latency_ms,
    rubricVerdict: mine.length
      ? (_a, index) => {
          const r = mine.find((x) => x.index === index) ?? mine.find((x) => x.index === null);
          return r ? { pass: r.passed, score: r.score ?? undefined, reason: r.reason ?? undefined } : undefined;
        }
      : undefined,
  });
}

/** From the candidate's side: the adjudication, else the mean vote score against ½. */
export function humanOutcome(votes: readonly PairOutcome[], adjudicated: PairOutcome | null, candidateIsA: boolean): Outcome {
  const win = candidateIsA ? "a" : "b";
  const loss = candidateIsA ? "b" : "a";
  if (adjudicated) return adjudicated === win ? "win" : adjudicated === loss ? "loss" : "tie";
  if (votes.length === 0) return "none";
  let score = 0;
  for (const v of votes) score += v === win ? 1 : v === loss ? 0 : 0.5;
  // Compare 2·sum with n rather than sum/n with ½, so no float rounding decides a tie.
  const twice = 2 * score;
  return twice > votes.length ? "win" : twice < votes.length ? "loss" : "tie";
}

export function judgeOutcome(winner: "a" | "b" | "tie" | null | undefined, candidateIsA: boolean): Outcome {
  if (winner === undefined) return "none";
  if (winner === null || winner === "tie") return "tie";
  return (winner === "a") === candidateIsA ? "win" : "loss";
}

export function exploreRow(input: RowInput): RowOutcome {
  const human = humanOutcome(input.votes, input.adjudicated, input.candidateIsA);
  const judge = judgeOutcome(input.judgeWinner, input.candidateIsA);
  const c = input.candidate;
  const b = input.baseline;
  const usable = (o: RowOutput | null) => o !== null && !o.error && o.text !== null;
  return {
    cand_assert: assertionStatus(input.assertions, c, input.rubrics).status,
    base_assert: assertionStatus(input.assertions, b, input.rubrics).status,
    human,
    judge,
    disagree: human !== "none" && judge !== "none" && human !== judge,
    identical: usable(c) && usable(b) && c!.text!.trim() === b!.text!.trim(),
    missing: !usable(c) || !usable(b),
  };
}
