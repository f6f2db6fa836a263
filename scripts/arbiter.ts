/**
 * `arbiter <command>`: the command-line contract of ../shared/DESIGN.md.
 * Exit 0 on success, 1 on a negative answer (a failed gate), 2 on bad input or internal failure.
 * Each command lives in scripts/commands/<name>.ts and exports `run(argv): Promise<number>`.
 */
import { CliError, type CommandRun } from "./cli-support.ts";

const COMMANDS: Record<string, string> = {
  agreement: "inter-annotator agreement of a ratings file",
  winrate: "win rate, Wilson interval and sign test of a pairwise file",
  rank: "Bradley-Terry ranking of several systems",
  score: "an automated metric over prediction and reference files",
  eval: "create or list evals (eval create NAME ...)",
  import: "import cases or outputs into an eval",
  generate: "generate outputs by calling an OpenAI-compatible endpoint",
  judge: "run the LLM judge over an eval",
  report: "compute the go/no-go report of an eval",
  gate: "exit 0 when every gate of an eval passes, 1 when not, 2 on error",
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, what]) => `  ${name.padEnd(10)} ${what}`);
  return `usage: arbiter <command> [options]\n\ncommands:\n${lines.join("\n")}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "help") {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (!(name in COMMANDS)) {
    throw new CliError(`unknown command "${name}"\n${usage()}`);
  }
  let mod: { run?: CommandRun };
  try {
    mod = await import(`./commands/${name}.ts`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && String(err).includes(`commands/${name}`)) {
      throw new CliError(`command "${name}" is not available in this build`);
    }
    throw err;
  }
  if (typeof mod.run !== "function") throw new CliError(`command "${name}" has no run()`);
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof CliError) {
      process.stderr.write(`arbiter: ${err.message}\n`);
      process.exit(err.exitCode);
    }
    process.stderr.write(`arbiter: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(2);
  },
);
