/**
 * arbiter eval create NAME [--description D] [--k K] [--seed S] --candidate NAME [--baseline NAME[,NAME]] [--other NAME[,NAME]]
 * arbiter eval list
 * arbiter eval pack NAME FILE        (JSON or YAML; a locked pack gets a new version)
 */
import { readFile } from "node:fs/promises";
import { addSystem, createEval, EvalExistsError, listEvals, listSystems } from "../../db/evals.ts";
import { savePack } from "../../db/packs.ts";
import { NewEval } from "../../app/schemas/eval.ts";
import { PackError, parsePack } from "../../app/schemas/pack.ts";
import { CliError, parseArgs, printJson, stringFlag } from "../cli-support.ts";
import { requireEval, withDb } from "../cli-db.ts";

const list = (v: string | undefined) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : []);

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const [sub, name, file] = args.positionals;
  if (sub === "list") {
    return withDb(async (h) => {
      printJson({ evals: await listEvals(h.db) });
      return 0;
    });
  }
  if (sub === "create") {
    if (!name) throw new CliError("usage: arbiter eval create NAME --candidate NAME [--baseline NAME[,NAME]] [--k K] [--seed S] [--description D]");
    const parsed = NewEval.safeParse({
      name,
      description: stringFlag(args, "description") ?? "",
      overlap_k: stringFlag(args, "k") ?? 3,
      seed: stringFlag(args, "seed"),
      systems: [
        ...list(stringFlag(args, "candidate")).map((n) => ({ name: n, role: "candidate" })),
        ...list(stringFlag(args, "baseline")).map((n) => ({ name: n, role: "baseline" })),
        ...list(stringFlag(args, "other")).map((n) => ({ name: n, role: "other" })),
      ],
    });
    if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => `${i.path.join(".") || "eval"}: ${i.message}`).join("\n"));
    return withDb(async (h) => {
      try {
        const ev = await createEval(h.db, parsed.data, null);
        printJson({ id: ev.id, name: ev.name, overlap_k: ev.overlap_k, seed: ev.seed, systems: await listSystems(h.db, ev.id) });
        return 0;
      } catch (err) {
        if (err instanceof EvalExistsError) throw new CliError(err.message);
        throw err;
      }
    });
  }
  if (sub === "system") {
    const role = stringFlag(args, "role") ?? "other";
    if (!name || !file || !["candidate", "baseline", "other"].includes(role)) throw new CliError("usage: arbiter eval system EVAL SYSTEM [--role candidate|baseline|other]");
    return withDb(async (h) => {
      const ev = await requireEval(h, name);
      printJson(await addSystem(h.db, ev.id, { name: file, role: role as "candidate" }, null));
      return 0;
    });
  }
  if (sub === "pack") {
    if (!name || !file) throw new CliError("usage: arbiter eval pack EVAL FILE.(json|yaml)");
    const format = /\.ya?ml$/i.test(file) ? "yaml" : "json";
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (err) {
      throw new CliError(`${file}: cannot read: ${(err as Error).message}`);
    }
    let pack;
    try {
      pack = parsePack(text, format);
    } catch (err) {
      if (err instanceof PackError) throw new CliError(`${file}: ${err.message.replaceAll("\n", `\n${file}: `)}`);
      throw err;
    }
    return withDb(async (h) => {
      const ev = await requireEval(h, name);
      printJson(await savePack(h.db, ev.id, pack, { actorId: null, format }));
      return 0;
    });
  }
  throw new CliError("usage: arbiter eval create|list|system|pack ...");
}
