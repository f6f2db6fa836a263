/**
 * Named judge failures. A failure is kept and reported, never counted as a verdict, so every
 * error that can leave the client or a protocol is one of these four kinds.
 */
export type JudgeFailureKind = "judge_unavailable" | "judge_malformed" | "judge_refused" | "budget_exhausted";

export class JudgeFailure extends Error {
  readonly kind: JudgeFailureKind;
  /** HTTP attempts made before giving up (0 when the call never reached the network). */
  readonly attempts: number;
  /** HTTP status of the last response, when there was one. */
  readonly status?: number;

  constructor(kind: JudgeFailureKind, message: string, opts: { attempts?: number; status?: number; cause?: unknown } = {}) {
    super(`${kind}: ${message}`, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "JudgeFailure";
    this.kind = kind;
    this.attempts = opts.attempts ?? 0;
    this.status = opts.status;
  }
}

/** Thrown without any network call once a run's token or cost budget is spent. */
export class BudgetExhausted extends JudgeFailure {
  constructor(message: string) {
    super("budget_exhausted", message);
    this.name = "BudgetExhausted";
  }
}

export function isJudgeFailure(err: unknown): err is JudgeFailure {
  return err instanceof JudgeFailure;
}
