/**
 * Example files for a new eval, served from the repository (db/seed, the demo's own files): the
 * cases and outputs formats by example, and the demo pack as a template. Any signed-in user.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../services/auth.server";

export const EXAMPLES: Record<string, { path: string; type: string }> = {
  "cases.jsonl": { path: "db/seed/demo-cases.jsonl", type: "application/x-ndjson" },
  "outputs.jsonl": { path: "db/seed/demo-outputs.jsonl", type: "application/x-ndjson" },
  "pack.yaml": { path: "db/seed/demo-pack.yaml", type: "text/yaml" },
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUser(request, context, ["lead", "owner", "annotator"]);
  const ex = EXAMPLES[params.file ?? ""];
  if (!ex) throw new Response("No such example file.", { status: 404 });
  // The server runs from the repository root (npm start, the tests), where db/seed lives.
  const body = await readFile(resolve(process.cwd(), ex.path), "utf8");
  return new Response(body, { headers: { "content-type": `${ex.type}; charset=utf-8`, "content-disposition": `attachment; filename="example-${params.file}"` } });
}
