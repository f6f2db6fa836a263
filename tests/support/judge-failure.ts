import { expect } from "vitest";
import { JudgeFailure } from "../../judges/errors.ts";

/** The JudgeFailure a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function judgeFailure(p: Promise<unknown>): Promise<JudgeFailure> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(JudgeFailure);
    return err as JudgeFailure;
  }
  throw new Error("expected a JudgeFailure, the call succeeded");
}
