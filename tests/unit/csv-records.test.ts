import { describe, expect, it } from "vitest";
import { csvChunkRecords, csvRecords, type CsvOptions, type CsvRecord } from "../../app/import/csv-records.ts";

async function records(text: string, quotes: CsvOptions["quotes"]): Promise<CsvRecord[]> {
  async function* lines() {
    yield* text.split("\n");
  }
  const out: CsvRecord[] = [];
  for await (const r of csvRecords(lines(), { quotes })) out.push(r);
  return out;
}

describe("csv records", () => {
  it("splits fields, keeps commas, doubled quotes and line breaks inside quotes, skips blank lines", async () => {
    const text = 'a,b,c\n\n1,"x, y","say ""hi"""\n2,"two\nlines",\n';
    for (const mode of ["strict", "literal"] as const) {
      expect(await records(text, mode)).toEqual([
        { line: 1, fields: ["a", "b", "c"], problem: undefined },
        { line: 3, fields: ["1", "x, y", 'say "hi"'], problem: undefined },
        { line: 4, fields: ["2", "two\nlines", ""], problem: undefined },
      ]);
    }
  });

  it("strict trims unquoted fields and lets a quote open after spaces; literal keeps text as written", async () => {
    expect(await records(' a , "b" ,c', "strict")).toEqual([{ line: 1, fields: ["a", "b ", "c"], problem: { line: 1, column: 9, kind: "after_closing_quote", found: " " } }]);
    expect(await records(' a ,  "b",c', "strict")).toEqual([{ line: 1, fields: ["a", "b", "c"], problem: undefined }]);
    expect(await records(' a ,  "b",c', "literal")).toEqual([{ line: 1, fields: [" a ", '  "b"', "c"], problem: undefined }]);
  });

  it("names the first problem with its physical line and column", async () => {
    expect(await records('h\nab"c', "strict")).toEqual([
      { line: 1, fields: ["h"], problem: undefined },
      { line: 2, fields: ['ab"c'], problem: { line: 2, column: 3, kind: "quote_in_unquoted_field" } },
    ]);
    expect(await records('h\nab"c', "literal")).toEqual([
      { line: 1, fields: ["h"], problem: undefined },
      { line: 2, fields: ['ab"c'], problem: undefined },
    ]);
    // The problem is on the second line of a record that began on line 2.
    expect(await records('h,i\n"x\ny"z,1', "literal")).toEqual([
      { line: 1, fields: ["h", "i"], problem: undefined },
      { line: 2, fields: ["x\nyz", "1"], problem: { line: 3, column: 3, kind: "after_closing_quote", found: "z" } },
    ]);
  });

  it("reports a quoted field that never closes, with the record's first line and any earlier problem", async () => {
    expect(await records('h\n1\n"open\nstill', "literal")).toEqual([
      { line: 1, fields: ["h"], problem: undefined },
      { line: 2, fields: ["1"], problem: undefined },
      { line: 3, unclosed: true, problem: undefined },
    ]);
    expect(await records('x"y,"open', "strict")).toEqual([{ line: 1, unclosed: true, problem: { line: 1, column: 2, kind: "quote_in_unquoted_field" } }]);
  });
});

describe("csv records from text chunks (the reader's fast path)", () => {
  // The chunk scanner splits quote-free lines straight from the chunk; every other line goes
  // through the character-level tokenizer. Both must give the records the per-line path gives.
  const texts = [
    'a,b,c\r\n\r\n1,"x, y","say ""hi"""\r\n2,"two\r\nlines",\r\n  \r\n3, spaced ,z\r\n',
    'item,rater,label\n1,a,x\n1,b,"y\n"\n\n2,a, "q" \n2,b,x"y\n3,a,"open\n',
    "h1,h2\n,\n \t \nx,\n,y",
  ];
  for (const text of texts) {
    for (const mode of ["strict", "literal"] as const) {
      it(`${mode}: ${JSON.stringify(text.slice(0, 24))}…`, async () => {
        const expected = await records(text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l)).join("\n"), mode);
        const lines = text.split("\n");
        // Every way of cutting the text into chunks at line boundaries.
        for (let cut = 1; cut <= lines.length; cut++) {
          async function* chunks() {
            for (let i = 0; i < lines.length; i += cut) yield lines.slice(i, i + cut).join("\n");
          }
          const got: CsvRecord[] = [];
          for await (const batch of csvChunkRecords(chunks(), { quotes: mode })) got.push(...batch);
          expect(got).toEqual(expected);
        }
      });
    }
  }
});
