/** Strict UTF-8 for imports (issue 14 item 8): bad bytes are refused with their line, split characters are not. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lines } from "../../app/import/lines";
import { jsonValues } from "../../app/import/json-values";
import { readRows } from "../../app/import/read-rows";
import { firstInvalidUtf8, InvalidUtf8Error, StrictUtf8Decoder } from "../../app/import/utf8";

const dir = mkdtempSync(join(tmpdir(), "utf8-"));
const file = (name: string, bytes: Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe("firstInvalidUtf8", () => {
  it("accepts well-formed text of every length", () => {
    expect(firstInvalidUtf8(Buffer.from("a é € 😀", "utf8")).bad).toBe(-1);
  });
  it.each([
    ["a lone continuation byte", [0x61, 0x80], 1],
    ["an overlong two-byte form of '/'", [0xc0, 0xaf], 0],
    ["an overlong three-byte form", [0xe0, 0x80, 0x80], 0],
    ["a UTF-16 surrogate U+D800", [0xed, 0xa0, 0x80], 0],
    ["above U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
    ["Latin-1 é", [0x63, 0x61, 0x66, 0xe9], 3],
    ["a truncated sequence at the end", [0x61, 0xe2, 0x82], 1],
  ])("refuses %s", (_what, bytes, at) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes)).bad).toBe(at);
  });
});

describe("StrictUtf8Decoder across chunk boundaries", () => {
  const text = "line1 €\nzwei 😀 ü\n";
  const bytes = Buffer.from(text, "utf8");
  it("decodes the same text for every split point, including inside € and 😀", () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      for (let cut2 = cut; cut2 <= bytes.length; cut2++) {
        const d = new StrictUtf8Decoder();
        const out = d.decode(bytes.subarray(0, cut)) + d.decode(bytes.subarray(cut, cut2)) + d.decode(bytes.subarray(cut2));
        d.end();
        expect(out).toBe(text);
      }
    }
  });
  it("names the line of a bad byte in a later chunk", () => {
    const d = new StrictUtf8Decoder();
    d.decode(Buffer.from("a\nb\n", "utf8"));
    expect(() => d.decode(Uint8Array.from([0x63, 0x0a, 0x64, 0xff]))).toThrow(InvalidUtf8Error);
    const d2 = new StrictUtf8Decoder();
    d2.decode(Buffer.from("a\nb\n", "utf8"));
    try {
      d2.decode(Uint8Array.from([0x63, 0x0a, 0x64, 0xff]));
    } catch (err) {
      expect((err as InvalidUtf8Error).line).toBe(4);
      expect((err as InvalidUtf8Error).column).toBe(2);
    }
  });
  it("refuses a character left unfinished at the end of the input", () => {
    const d = new StrictUtf8Decoder();
    expect(d.decode(Uint8Array.from([0x61, 0xf0, 0x9f]))).toBe("a");
    expect(() => d.end()).toThrow(/line 1|invalid UTF-8/);
  });
});

describe("file readers", () => {
  // 70 000 lines of 10 bytes: the bad byte sits well past the 64 KiB chunk lines.ts reads.
  const good = Buffer.from('{"a":"y"}\n'.repeat(70000), "utf8");
  const badLine = 68000;
  const badBytes = Buffer.concat([good.subarray(0, (badLine - 1) * 10), Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d, 0x0a]), good.subarray(badLine * 10)]);

  it("lines.ts keeps multi-byte characters whole when they straddle its 64 KiB chunk", async () => {
    // "é" (2 bytes) repeated so one falls on byte 65 536.
    const p = file("straddle.txt", Buffer.from("x" + "é".repeat(40000) + "\nok\n", "utf8"));
    expect(await collect(lines(p))).toEqual(["x" + "é".repeat(40000), "ok"]);
  });
  it("lines.ts throws with the line of the bad byte, past the first chunk", async () => {
    const p = file("bad.jsonl", badBytes);
    await expect(collect(lines(p))).rejects.toMatchObject({ line: badLine, column: 7 });
  });
  it("readRows reports the line as a row error (JSON Lines and CSV)", async () => {
    const p = file("bad2.jsonl", badBytes);
    const rows = await collect(readRows(p, "jsonl"));
    expect(rows.filter((r) => r.error)).toEqual([{ line: badLine, error: expect.stringMatching(/invalid UTF-8 \(byte 0xe9/) }]);
    const csv = file("bad.csv", Buffer.concat([Buffer.from("id,input\n1,ok\n2,caf"), Buffer.from([0xe9]), Buffer.from("\n")]));
    expect((await collect(readRows(csv, "csv"))).filter((r) => r.error)).toEqual([{ line: 3, error: expect.stringMatching(/invalid UTF-8/) }]);
  });
  it("jsonValues (array files) reports the line and stops", async () => {
    const p = file("arr.json", Buffer.concat([Buffer.from('[\n{"a": 1},\n{"a": "caf'), Buffer.from([0xe9]), Buffer.from('"}\n]\n')]));
    const out = await collect(jsonValues(p));
    expect(out.at(-1)).toEqual({ line: 3, error: expect.stringMatching(/invalid UTF-8 \(byte 0xe9 at byte 11 of the line/) });
  });
});
