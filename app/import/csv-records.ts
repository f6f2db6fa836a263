/**
 * RFC 4180 records from a stream of lines: fields separated by commas; a quoted field may hold
 * commas, "" for a quote, and line breaks. Blank lines between records are skipped. Each record
 * says the line it started on and the first thing wrong with it, if anything; what to do about a
 * problem (report it and go on, or stop) is the caller's: the importer lists every bad line, the
 * command line stops at the first.
 */

export interface CsvOptions {
  /**
   * "strict" (the command line): unquoted fields are trimmed, a quote may open a field after
   * spaces, and a quote inside an unquoted field is a problem. "literal" (the importer): fields are
   * kept as written and a quote that does not open a field is text.
   */
  quotes: "strict" | "literal";
}

export interface CsvProblem {
  /** The physical line and 1-based column where it was found. */
  line: number;
  column: number;
  kind: "after_closing_quote" | "quote_in_unquoted_field";
  /** The character found, for after_closing_quote. */
  found?: string;
}

export type CsvRecord =
  | { line: number; fields: string[]; problem?: CsvProblem; unclosed?: undefined }
  /** The file ended inside a quoted field of the record that began on `line` (after `problem`, if any). */
  | { line: number; fields?: undefined; problem?: CsvProblem; unclosed: true };

/**
 * The tokenizer itself, fed one physical line at a time: `push` returns the record the line
 * completes (or null for a blank line or a line inside a quoted field), `end` the unclosed record
 * the file ended in, if any. A line outside quotes with no quote character in it, nearly every line
 * of a real file, is split in one call instead of character by character.
 */
export class CsvTokenizer {
  private readonly strict: boolean;
  private lineNo = 0;
  private start = 0;
  private fields: string[] = [];
  private field = "";
  private inQuotes = false;
  private wasQuoted = false;
  private problem: CsvProblem | undefined;

  constructor({ quotes }: CsvOptions) {
    this.strict = quotes === "strict";
  }

  push(text: string): CsvRecord | null {
    const strict = this.strict;
    this.lineNo++;
    if (!this.inQuotes) {
      if (text.indexOf('"') < 0) {
        // The fast path: no quoting on this line, so the fields are the comma-separated parts.
        if (isBlank(text)) return null;
        const fields = text.split(",");
        if (strict) for (let i = 0; i < fields.length; i++) fields[i] = fields[i].trim();
        return { line: this.lineNo, fields, problem: undefined };
      }
      if (text.trim() === "") return null;
      this.start = this.lineNo;
      this.fields = [];
      this.field = "";
      this.wasQuoted = false;
      this.problem = undefined;
    } else {
      this.field += "\n";
    }
    const lineNo = this.lineNo;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (this.inQuotes) {
        if (ch !== '"') this.field += ch;
        else if (text[i + 1] === '"') {
          this.field += '"';
          i++;
        } else {
          this.inQuotes = false;
          const next = text[i + 1];
          if (next !== undefined && next !== ",") this.problem ??= { line: lineNo, column: i + 2, kind: "after_closing_quote", found: next };
        }
      } else if (ch === ",") {
        this.endField();
      } else if (ch === '"' && (strict ? this.field.trim() === "" : this.field === "")) {
        this.field = "";
        this.inQuotes = true;
        this.wasQuoted = true;
      } else if (ch === '"' && strict) {
        this.problem ??= { line: lineNo, column: i + 1, kind: "quote_in_unquoted_field" };
        this.field += ch;
      } else {
        this.field += ch;
      }
    }
    if (this.inQuotes) return null; // the quoted field goes on on the next line
    this.endField();
    return { line: this.start, fields: this.fields, problem: this.problem };
  }

  /**
   * Every record completed by a chunk of whole lines (app/import/lines.ts textChunks), appended to
   * `out`. A line with no quote outside a quoted field is split straight from the chunk, without a
   * string for the line; any other line goes through push.
   */
  pushChunk(text: string, out: CsvRecord[]): void {
    this.scanChunk(text, (line, fields, problem) => {
      out.push({ line, fields, problem });
    }, false);
  }

  /**
   * The same records as pushChunk, handed to `sink` in file order. With `reuse`, the fields array of
   * a quote-free line is one array overwritten for every such line: the sink must copy what it keeps.
   */
  scanChunk(text: string, sink: (line: number, fields: string[], problem: CsvProblem | undefined) => void, reuse: boolean): void {
    const strict = this.strict;
    let pos = 0;
    let quote = text.indexOf('"');
    const length = text.length;
    const shared: string[] = [];
    for (;;) {
      let nl = text.indexOf("\n", pos);
      if (nl < 0) nl = length;
      let end = nl;
      if (end > pos && text.charCodeAt(end - 1) === 13) end--;
      if (quote >= 0 && quote < pos) quote = text.indexOf('"', pos);
      if (this.inQuotes || (quote >= 0 && quote < end)) {
        const r = this.push(text.slice(pos, end));
        if (r) sink(r.line, r.fields!, r.problem);
      } else {
        this.lineNo++;
        if (!isBlankRange(text, pos, end)) {
          const fields: string[] = reuse ? shared : [];
          let n = 0;
          let from = pos;
          for (;;) {
            const comma = text.indexOf(",", from);
            if (comma < 0 || comma >= end) {
              fields[n++] = strict ? text.slice(from, end).trim() : text.slice(from, end);
              break;
            }
            fields[n++] = strict ? text.slice(from, comma).trim() : text.slice(from, comma);
            from = comma + 1;
          }
          fields.length = n;
          sink(this.lineNo, fields, undefined);
        }
      }
      if (nl >= length) return;
      pos = nl + 1;
    }
  }

  end(): CsvRecord | null {
    return this.inQuotes ? { line: this.start, unclosed: true, problem: this.problem } : null;
  }

  private endField(): void {
    this.fields.push(this.strict && !this.wasQuoted ? this.field.trim() : this.field);
    this.field = "";
    this.wasQuoted = false;
  }
}

function isBlankRange(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    return c < 128 ? false : text.slice(from, to).trim() === "";
  }
  return true;
}

/** text.trim() === "" without building the trimmed string for the usual line that starts with text. */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    return c < 128 ? false : text.trim() === "";
  }
  return true;
}

export async function* csvRecords(lines: AsyncIterable<string>, options: CsvOptions): AsyncGenerator<CsvRecord> {
  const tokenizer = new CsvTokenizer(options);
  for await (const text of lines) {
    const r = tokenizer.push(text);
    if (r) yield r;
  }
  const last = tokenizer.end();
  if (last) yield last;
}

/** The records of a file's text chunks (lines.ts textChunks), a batch per chunk. */
export async function* csvChunkRecords(chunks: AsyncIterable<string>, options: CsvOptions): AsyncGenerator<CsvRecord[]> {
  const tokenizer = new CsvTokenizer(options);
  for await (const text of chunks) {
    const out: CsvRecord[] = [];
    tokenizer.pushChunk(text, out);
    if (out.length) yield out;
  }
  const last = tokenizer.end();
  if (last) yield [last];
}

/** The same records a batch of lines at a time (one promise per batch, none per record). */
export async function* csvRecordBatches(batches: AsyncIterable<string[]>, options: CsvOptions): AsyncGenerator<CsvRecord[]> {
  const tokenizer = new CsvTokenizer(options);
  for await (const batch of batches) {
    const out: CsvRecord[] = [];
    for (let i = 0; i < batch.length; i++) {
      const r = tokenizer.push(batch[i]);
      if (r) out.push(r);
    }
    if (out.length) yield out;
  }
  const last = tokenizer.end();
  if (last) yield [last];
}
