/** The fast row paths build exactly what zod's schemas build, or step aside (null). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastCaseRow, fastOutputRow } from "../../app/import/formats/fast-rows.ts";
import { CaseRow, OutputRow } from "../../app/schemas/rows.ts";

const str = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(" a", "a ", "[1]", "{}", "x", "qa", "open", ""));
const msg = fc.record({ role: fc.constantFrom("user", "assistant", "bot"), content: fc.string({ maxLength: 5 }) });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

describe("fast rows", () => {
  it("a case row: same object as CaseRow, key order included, whenever the fast path takes it", () => {
    fc.assert(
      fc.property(
        fc.record({ id: str, input: fc.oneof(str, fc.array(msg, { maxLength: 2 })), context: maybe(str), reference: maybe(str), category: str, suite: str, shape: fc.constantFrom("qa", "open", "nope") }, { requiredKeys: [] }),
        (r) => {
          const fast = fastCaseRow(r as Record<string, unknown>);
          const slow = CaseRow.safeParse(r);
          if (fast) {
            expect(slow.success).toBe(true);
            expect(JSON.stringify(fast)).toBe(JSON.stringify(slow.data));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
  it("an output row: same object as OutputRow whenever the fast path takes it", () => {
    fc.assert(
      fc.property(
        fc.record({ case_id: fc.oneof(str, fc.integer()), system: maybe(str), text: maybe(str), error: maybe(str), latency_ms: maybe(fc.oneof(fc.double(), fc.integer({ min: -3, max: 900 }))), prompt_tokens: maybe(fc.integer({ min: -2, max: 9 })) }, { requiredKeys: [] }),
        (r) => {
          const fast = fastOutputRow(r as Record<string, unknown>);
          const slow = OutputRow.safeParse(r);
          if (fast) {
            expect(slow.success).toBe(true);
            expect(JSON.stringify(fast)).toBe(JSON.stringify(slow.data));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
  it("takes the plain rows an Arena battle makes", () => {
    expect(fastCaseRow({ id: "arena-1", input: "hi", category: "English", suite: "arena", shape: "open" })).not.toBeNull();
    expect(fastOutputRow({ case_id: "arena-1", system: "m", text: "x" })).not.toBeNull();
  });
});

describe("HashSeen", () => {
  it("agrees with a Map over many keys, through growth, key 0 included", async () => {
    const { HashSeen } = await import("../../app/import/hash-table.ts");
    const seen = new HashSeen(4);
    const ref = new Map<number, number>();
    for (let i = 0; i < 20000; i++) {
      const k = i === 0 ? 0 : Math.floor(Math.random() * 2 ** 53);
      const v = (i * 2654435761) >>> 0;
      seen.set(k, v);
      ref.set(k, v);
    }
    for (const [k, v] of ref) expect(seen.get(k)).toBe(v);
    expect(seen.size).toBe(ref.size);
    expect(seen.get(12345.5 * 2)).toBe(ref.get(12345.5 * 2));
  });
});
