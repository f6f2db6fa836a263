/**
 * Rows of `arbiter winrate FILE` in Arbiter's own format: {"item", "winner": "A"|"B"|"tie"|"both_bad"}
 * or {"item", "score": x in [0, 1]} (a fractional preference for A), with optional "count" (the
 * row stands for that many identical rows) and, for the length-controlled win rate, "len_a" and
 * "len_b" (characters). Rows with the same item are votes of one item; a row without "item" is an
 * item of its own (today's files, where every row was one comparison, keep their meaning).
 */
import type { Vote } from "../../app/core/stats/clustered.ts";
import { inputError, readRecords, requireChoice, requireId, type InputRecord } from "./records.ts";

export interface WinrateRow {
  line: number;
  item: string;
  vote: Vote;
  count: number;
  group: string;
  len_a?: number;
  len_b?: number;
}

const WINNERS = ["A", "B", "tie", "both_bad"] as const;
const OUTCOME = { A: "win", B: "loss", tie: "tie", both_bad: "both_bad" } as const;

export interface WinrateRowOptions {
  /** Field to break down by (--by). */
  by?: string;
}

export async function readWinrateRows(file: string, options: WinrateRowOptions = {}): Promise<WinrateRow[]> {
  const rows: WinrateRow[] = [];
  for await (const rec of readRecords(file)) rows.push(parseWinrateRow(file, rec, options));
  return rows;
}

export function parseWinrateRow(file: string, rec: InputRecord, options: WinrateRowOptions = {}): WinrateRow {
  const r = rec.record;
  const hasScore = r.score !== undefined && r.score !== null && r.score !== "";
  let vote: Vote;
  if (hasScore && r.winner !== undefined && r.winner !== null && r.winner !== "") {
    throw inputError(file, rec.line, 'give either "winner" or "score", not both');
  }
  if (hasScore) {
    const s = typeof r.score === "string" ? Number(r.score) : r.score;
    if (typeof s !== "number" || !(s >= 0 && s <= 1)) {
      throw inputError(file, rec.line, `field "score" must be a number in [0, 1], got ${JSON.stringify(r.score)}`);
    }
    vote = s;
  } else {
    vote = OUTCOME[requireChoice(file, rec, "winner", WINNERS)];
  }
  let count = 1;
  if (r.count !== undefined && r.count !== null && r.count !== "") {
    const c = typeof r.count === "string" ? Number(r.count) : r.count;
    if (typeof c !== "number" || !Number.isInteger(c) || c < 1) {
      throw inputError(file, rec.line, `field "count" must be a positive integer, got ${JSON.stringify(r.count)}`);
    }
    count = c;
  }
  const hasItem = r.item !== undefined && r.item !== null && r.item !== "";
  const item = hasItem ? requireId(file, rec, "item") : `\u0000line:${rec.line}`;
  const row: WinrateRow = { line: rec.line, item, vote, count, group: options.by === undefined ? "" : requireId(file, rec, options.by) };
  const la = optionalLength(file, rec, "len_a");
  const lb = optionalLength(file, rec, "len_b");
  if ((la === undefined) !== (lb === undefined)) {
    throw inputError(file, rec.line, `"len_a" and "len_b" go together; found only ${la === undefined ? '"len_b"' : '"len_a"'}`);
  }
  if (la !== undefined) {
    row.len_a = la;
    row.len_b = lb;
  }
  return row;
}

function optionalLength(file: string, rec: InputRecord, name: string): number | undefined {
  const v = rec.record[name];
  if (v === undefined || v === null || v === "") return undefined;
  const x = typeof v === "string" ? Number(v) : v;
  if (typeof x !== "number" || !Number.isFinite(x) || x < 0) {
    throw inputError(file, rec.line, `field "${name}" must be a non-negative number (characters), got ${JSON.stringify(v)}`);
  }
  return x;
}
