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

export async function* csvRecords(lines: AsyncIterable<string>, { quotes }: CsvOptions): AsyncGenerator<CsvRecord> {
  const strict = quotes === "strict";
  let lineNo = 0;
  let start = 0;
  let fields: string[] = [];
  let field = "";
  let inQuotes = false;
  let wasQuoted = false;
  let problem: CsvProblem | undefined;
  const endField = () => {
    fields.push(strict && !wasQuoted ? field.trim() : field);
    field = "";
    wasQuoted = false;
  };
  for await (const text of lines) {
    lineNo++;
    if (!inQuotes) {
      if (text.trim() === "") continue;
      start = lineNo;
      fields = [];
      field = "";
      wasQuoted = false;
      problem = undefined;
    } else {
      field += "\n";
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (inQuotes) {
        if (ch !== '"') field += ch;
        else if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
          const next = text[i + 1];
          if (next !== undefined && next !== ",") problem ??= { line: lineNo, column: i + 2, kind: "after_closing_quote", found: next };
        }
      } else if (ch === ",") {
        endField();
      } else if (ch === '"' && (strict ? field.trim() === "" : field === "")) {
        field = "";
        inQuotes = true;
        wasQuoted = true;
      } else if (ch === '"' && strict) {
        problem ??= { line: lineNo, column: i + 1, kind: "quote_in_unquoted_field" };
        field += ch;
      } else {
        field += ch;
      }
    }
    if (inQuotes) continue; // the quoted field goes on on the next line
    endField();
    yield { line: start, fields, problem };
  }
  if (inQuotes) yield { line: start, unclosed: true, problem };
}
