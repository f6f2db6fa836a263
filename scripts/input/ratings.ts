/**
 * Reads a ratings file into an item × rater table of label codes for `arbiter agreement`:
 * - long (the default): CSV with header item,rater,label or JSON Lines / a JSON array of
 *   {"item","rater","label"}; a second rating by one rater of one item is an error naming both lines;
 * - wide (`--format wide`): CSV with one row per unit and one column per coder; an empty field,
 *   "." or "NaN" is a missing rating (CSV only: a wide table is a spreadsheet export). A first column named item, unit or id holds the unit's name;
 *   otherwise every column is a coder and units are numbered by row.
 * Ratings are kept in typed arrays (codes into one label list), not a Map per item, so a million
 * ratings cost a few arrays rather than a million small objects.
 */
import { CliError } from "../cli-support.ts";
import { detectFormat, inputError, readCsvRows, readRecordBatches, requireId, requireLabel, visitCsvRows } from "./records.ts";
import type { Label } from "../../app/core/stats/labels.ts";

export interface RatingTable {
  items: string[];
  raters: string[];
  /** Label by code. */
  labels: Label[];
  /** codes[item * raters.length + rater]: the label code, or -1 for no rating. */
  codes: Int32Array;
}

/** Turns a raw label into the label the statistic compares (text, number, ...), or throws naming the line. */
export type LabelReader = (raw: string | number, line: number) => Label;

class GrowableInt32 {
  data = new Int32Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

class Interner<K> {
  readonly index = new Map<K, number>();
  readonly values: K[] = [];
  code(value: K): number {
    let c = this.index.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.index.set(value, c);
      this.values.push(value);
    }
    return c;
  }
}

export async function readLongRatings(file: string, readLabel: LabelReader): Promise<RatingTable> {
  const items = new Interner<string>();
  const raters = new Interner<string>();
  const labels = new Interner<Label>();
  const itemOf = new GrowableInt32();
  const raterOf = new GrowableInt32();
  const labelOf = new GrowableInt32();
  const lineOf = new GrowableInt32();
  // An item's ratings usually sit together: remembering the last item skips most lookups.
  let lastItem: string | null = null;
  let lastCode = -1;
  const add = (item: string, rater: string, label: Label, line: number) => {
    if (item !== lastItem) {
      lastItem = item;
      lastCode = items.code(item);
    }
    itemOf.push(lastCode);
    raterOf.push(raters.code(rater));
    labelOf.push(labels.code(label));
    lineOf.push(line);
  };
  if (await detectFormat(file) === "csv") {
    // CSV: read the three columns straight from the fields, without a record object per row.
    const names = ["item", "rater", "label"];
    let columns: number[] = [];
    const onHeader = (h: string[], line: number) => {
      columns = ["item", "rater", "label"].map((name) => h.indexOf(name));
      const missing = ["item", "rater", "label"].filter((_, i) => columns[i] < 0);
      if (missing.length) throw inputError(file, line, `the header has no column ${missing.map((m) => `"${m}"`).join(", ")} (found ${h.join(",")})`);
    };
    await visitCsvRows(file, onHeader, (fields, line) => {
      const item = fields[columns[0]];
      const rater = fields[columns[1]];
      const label = fields[columns[2]];
      if (item === "" || rater === "" || label === "") {
        const missing = names[item === "" ? 0 : rater === "" ? 1 : 2];
        throw inputError(file, line, `field "${missing}" is missing`);
      }
      add(item, rater, readLabel(label, line), line);
    });
  } else {
    for await (const batch of readRecordBatches(file)) {
      for (let b = 0; b < batch.length; b++) {
        const rec = batch[b];
        if (!("item" in rec.record) && "question_id" in rec.record && "model_a" in rec.record) {
          throw inputError(file, rec.line, 'field "item" is missing; the row looks like MT-bench judgments: give --format mt-bench --between A,B --turn 1|2');
        }
        const item = requireId(file, rec, "item");
        const rater = requireId(file, rec, "rater");
        add(item, rater, readLabel(requireLabel(file, rec, "label"), rec.line), rec.line);
      }
    }
  }
  const width = raters.values.length;
  const codes = new Int32Array(items.values.length * width).fill(-1);
  for (let t = 0; t < itemOf.length; t++) {
    const cell = itemOf.data[t] * width + raterOf.data[t];
    if (codes[cell] !== -1) {
      let earlier = 0;
      for (let s = 0; s < t; s++) if (itemOf.data[s] === itemOf.data[t] && raterOf.data[s] === raterOf.data[t]) earlier = lineOf.data[s];
      throw inputError(
        file,
        lineOf.data[t],
        `rater "${raters.values[raterOf.data[t]]}" already rated item "${items.values[itemOf.data[t]]}" on line ${earlier}`,
      );
    }
    codes[cell] = labelOf.data[t];
  }
  return { items: items.values, raters: raters.values, labels: labels.values, codes };
}

const UNIT_COLUMNS = ["item", "unit", "id"];

function isMissing(field: string): boolean {
  return field === "" || field === "." || field === "NaN";
}

export async function readWideRatings(file: string, readLabel: LabelReader): Promise<RatingTable> {
  const labels = new Interner<Label>();
  const items: string[] = [];
  let coders: string[] = [];
  let coderColumns: number[] = [];
  let unitColumn = -1;
  const cells = new GrowableInt32();
  const seenUnits = new Map<string, number>();
  const onHeader = (header: string[], line: number) => {
    unitColumn = header.findIndex((n) => UNIT_COLUMNS.includes(n.toLowerCase()));
    coderColumns = header.map((_, i) => i).filter((i) => i !== unitColumn);
    coders = coderColumns.map((i) => header[i]);
    if (coders.length === 0) throw inputError(file, line, "a wide file needs one column per coder");
  };
  if ((await detectFormat(file)) !== "csv") throw new CliError(`${file}: --format wide reads a CSV table (a header row of coders, a row per unit)`);
  for await (const rows of readCsvRows(file, onHeader)) {
    for (const { line, fields } of rows) {
      let unit = String(items.length + 1);
      if (unitColumn >= 0) {
        unit = fields[unitColumn];
        if (unit === "") throw inputError(file, line, "the unit's name is missing");
      }
      const earlier = seenUnits.get(unit);
      if (earlier !== undefined) throw inputError(file, line, `unit "${unit}" already has a row on line ${earlier}`);
      seenUnits.set(unit, line);
      items.push(unit);
      for (const c of coderColumns) {
        const raw = fields[c];
        cells.push(isMissing(raw) ? -1 : labels.code(readLabel(raw, line)));
      }
    }
  }
  return { items, raters: coders, labels: labels.values, codes: cells.data.slice(0, cells.length) };
}
