/** Shared pieces of the `arbiter` command line: argument parsing and the exit-code contract. */

/** Bad input or an internal failure: printed on stderr, exit code 2. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 2) {
    super(message);
  }
}

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | true>;
}

/** `--name value`, `--name=value` and bare `--flag`; everything else is positional. */
export function parseArgs(argv: string[], booleanFlags: string[] = ["json", "help"]): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      if (eq > 0) {
        flags[arg.slice(2, eq)] = arg.slice(eq + 1);
      } else {
        const name = arg.slice(2);
        const next = argv[i + 1];
        if (booleanFlags.includes(name) || next === undefined || next.startsWith("--")) {
          flags[name] = true;
        } else {
          flags[name] = next;
          i++;
        }
      }
    } else {
      positionals.push(arg);
    }
  }
  return { positionals, flags };
}

export function stringFlag(args: ParsedArgs, name: string, required: true): string;
export function stringFlag(args: ParsedArgs, name: string, required?: false): string | undefined;
export function stringFlag(args: ParsedArgs, name: string, required = false): string | undefined {
  const value = args.flags[name];
  if (value === undefined) {
    if (required) throw new CliError(`missing required option --${name}`);
    return undefined;
  }
  if (value === true) throw new CliError(`option --${name} needs a value`);
  return value;
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

/** A command module exports `run(argv)`; its resolved value is the exit code. */
export type CommandRun = (argv: string[]) => Promise<number>;
