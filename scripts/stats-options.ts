/** Options the statistics commands share: the input file, the bootstrap size and its seed. */
import { CliError, stringFlag, type ParsedArgs } from "./cli-support.ts";
import { DEFAULT_SEED } from "../app/core/stats/bootstrap.ts";

export function inputFile(args: ParsedArgs, command: string): string {
  const [file, ...extra] = args.positionals;
  if (!file) throw new CliError(`usage: arbiter ${command} FILE [options]: missing FILE`);
  if (extra.length) throw new CliError(`unexpected argument "${extra[0]}"`);
  return file;
}

export function resamplesFlag(args: ParsedArgs, fallback: number): number {
  const text = stringFlag(args, "bootstrap");
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 1_000_000) throw new CliError(`--bootstrap must be an integer from 0 to 1000000, got "${text}"`);
  return n;
}

/** A numeric seed stays a number (so the JSON shows it as given); anything else is a string seed. */
export function seedFlag(args: ParsedArgs): number | string {
  const text = stringFlag(args, "seed");
  if (text === undefined) return DEFAULT_SEED;
  return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

export function rejectUnknownFlags(args: ParsedArgs, known: string[]): void {
  for (const name of Object.keys(args.flags)) {
    if (!known.includes(name)) throw new CliError(`unknown option --${name}`);
  }
}
