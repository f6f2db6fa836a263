/**
 * AlpacaEval annotations (tatsu-lab/alpaca_eval, `results/MODEL/ANNOTATOR/annotations.json`): a
 * JSON array (or JSON Lines) of objects with `generator_1` (the reference), `generator_2` (the
 * evaluated model), `preference`, `instruction`, `output_1`, `output_2`, ...
 *
 * `preference` as AlpacaEval's metrics read it (src/alpaca_eval/metrics/helpers.py,
 * describe_head2head): 1 prefers output_1 (the reference), 2 prefers output_2 (the model), 1.5 is
 * a tie and 0 is the older annotators' tie; null is left out; any value in between (weighted
 * annotators) is a fractional preference. The model's score is `preference − 1` (0 → ½), so the
 * mean score is the leaderboard's `win_rate` / 100; wins, losses and ties are preferences above,
 * below and at the middle (n_wins, n_wins_base, n_draws).
 *
 * Used by `arbiter winrate --format alpaca-eval` and `arbiter rank --format alpaca-eval`.
 */
import { inputError, readRecords, requireId, type InputRecord } from "../records.ts";

export interface AlpacaEvalAnnotation {
  /** Line (JSONL) or element number (JSON array). */
  line: number;
  /** generator_1. */
  reference: string;
  /** generator_2. */
  model: string;
  instruction?: string;
  /** The preference as written (0 kept as 0). */
  preference: number | null;
  /** The model's score in [0, 1], or null when the preference is null (left out). */
  score: number | null;
}

/** The model's score for one preference; null for a preference that is left out. */
export function alpacaEvalScore(preference: number | null): number | null {
  if (preference === null) return null;
  if (preference === 0) return 0.5;
  if (!(preference >= 1 && preference <= 2)) throw new RangeError(`preference must be null, 0 or in [1, 2], got ${preference}`);
  return preference - 1;
}

export function parseAlpacaEvalAnnotation(file: string, rec: InputRecord): AlpacaEvalAnnotation {
  const r = rec.record;
  const reference = requireId(file, rec, "generator_1");
  const model = requireId(file, rec, "generator_2");
  if (!("preference" in r)) throw inputError(file, rec.line, 'field "preference" is missing (null leaves the row out)');
  const raw = r.preference;
  let preference: number | null;
  if (raw === null || raw === "" || (typeof raw === "number" && Number.isNaN(raw))) preference = null;
  else if (typeof raw === "number") preference = raw;
  else if (typeof raw === "string" && raw.trim() !== "" && Number.isFinite(Number(raw))) preference = Number(raw);
  else throw inputError(file, rec.line, `field "preference" must be a number or null, got ${JSON.stringify(raw)}`);
  if (preference !== null && preference !== 0 && !(preference >= 1 && preference <= 2)) {
    throw inputError(file, rec.line, `field "preference" must be 1 (generator_1), 2 (generator_2), 1.5 or 0 (tie), a value between 1 and 2, or null; got ${preference}`);
  }
  const out: AlpacaEvalAnnotation = { line: rec.line, reference, model, preference, score: alpacaEvalScore(preference) };
  if (typeof r.instruction === "string") out.instruction = r.instruction;
  return out;
}

export async function readAlpacaEvalAnnotations(file: string): Promise<AlpacaEvalAnnotation[]> {
  const out: AlpacaEvalAnnotation[] = [];
  for await (const rec of readRecords(file)) out.push(parseAlpacaEvalAnnotation(file, rec));
  return out;
}

/** Annotations per evaluated model, in order of first appearance. */
export function byModel(rows: readonly AlpacaEvalAnnotation[]): Map<string, AlpacaEvalAnnotation[]> {
  const map = new Map<string, AlpacaEvalAnnotation[]>();
  for (const r of rows) {
    let list = map.get(r.model);
    if (!list) map.set(r.model, (list = []));
    list.push(r);
  }
  return map;
}
