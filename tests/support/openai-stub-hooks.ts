import { afterAll, afterEach, beforeAll } from "vitest";
import { startOpenAIStub, type StubServer } from "./openai-stub.ts";

/**
 * One stub for a whole test file: started before its tests, closed after, and reset to plain
 * answers after each test. Read `.current` inside tests and hooks.
 */
export function useOpenAIStub(): { readonly current: StubServer } {
  const holder = {} as { current: StubServer };
  beforeAll(async () => {
    holder.current = await startOpenAIStub();
  });
  afterAll(() => holder.current?.close());
  afterEach(() => {
    holder.current.reset();
    holder.current.setBehaviour({ kind: "answer" });
  });
  return holder;
}
