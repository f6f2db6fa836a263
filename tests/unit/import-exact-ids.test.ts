/** Long numeric ids keep their digits (issue 14 item 8): 12345678901234567890 as a JS number is 12345678901234567000. */
import { describe, expect, it } from "vitest";
import { quoteLongIds, textProblem, valueProblem } from "../../app/schemas/bounded";

const parse = (s: string) => JSON.parse(quoteLongIds(s));

describe("quoteLongIds", () => {
  it("keeps the digits of id and *_id numbers past 2^53", () => {
    expect(Number("12345678901234567890")).toBe(12345678901234567000); // the loss being prevented
    expect(parse('{"id": 12345678901234567890, "x": 1}')).toEqual({ id: "12345678901234567890", x: 1 });
    expect(parse('{"question_id":9007199254740993}')).toEqual({ question_id: "9007199254740993" });
    expect(parse('[{"case_id" : -98765432109876543210 }]')).toEqual([{ case_id: "-98765432109876543210" }]);
  });
  it("leaves short ids, other keys, floats and text inside strings alone", () => {
    expect(parse('{"id": 42, "n": 12345678901234567890}')).toEqual({ id: 42, n: 12345678901234567000 });
    expect(parse('{"id": 1234567890123456789.5}')).toEqual({ id: 1234567890123456789.5 });
    expect(parse('{"text": "\\"id\\": 12345678901234567890"}')).toEqual({ text: '"id": 12345678901234567890' });
    expect(parse('{"valid": 12345678901234567890}')).toEqual({ valid: 12345678901234567000 });
  });
});

describe("field problems", () => {
  it("finds NUL and byte length by path", () => {
    expect(valueProblem({ a: [{ b: "ok" }, { b: "x\0" }] })).toEqual({ field: "a.1.b", reason: expect.stringContaining("NUL") });
    expect(textProblem("€".repeat(4), 11)).toBe("is 12 bytes, above the limit of 11 bytes per field (ARBITER_MAX_FIELD_BYTES)");
    expect(textProblem("€".repeat(4), 12)).toBeNull();
  });
});
