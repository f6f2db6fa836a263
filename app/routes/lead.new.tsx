import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createEval, EvalExistsError } from "../../db/evals";
import { savePack } from "../../db/packs";
import { parsePack } from "../schemas/pack";
import { NewEval } from "../schemas/eval";
import { requireUser } from "../services/auth.server";

export const meta: MetaFunction = () => [{ title: "New eval · Arbiter" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, ["lead"]);
  return null;
}

const names = (v: FormDataEntryValue | null) =>
  String(v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ["lead"]);
  const form = await request.formData();
  const parsed = NewEval.safeParse({
    name: form.get("name"),
    description: form.get("description") ?? "",
    overlap_k: form.get("overlap_k") || 3,
    seed: form.get("seed") || undefined,
    systems: [
      ...names(form.get("candidate")).map((name) => ({ name, role: "candidate" })),
      ...names(form.get("baselines")).map((name) => ({ name, role: "baseline" })),
    ],
  });
  if (!parsed.success) return Response.json({ error: parsed.error.issues.map((i) => i.message).join("; ") }, { status: 400 });
  try {
    const ev = await createEval(context.db, parsed.data, user.id);
    if (form.get("template") === "demo") {
      // The demo pack as a starting point: saved before any result, so it stays editable (not locked).
      const pack = parsePack(await readFile(resolve(process.cwd(), "db/seed/demo-pack.yaml"), "utf8"), "yaml");
      await savePack(context.db, ev.id, { ...pack, compare_to: parsed.data.systems.find((s) => s.role === "baseline")?.name ?? pack.compare_to }, { actorId: user.id, format: "yaml" });
    }
    return redirect(`/evals/${ev.id}/data`);
  } catch (err) {
    if (err instanceof EvalExistsError) return Response.json({ error: err.message }, { status: 409 });
    throw err;
  }
}

export default function NewEvalPage() {
  const data = useActionData<{ error?: string }>();
  return (
    <main>
      <h1>New eval</h1>
      <p className="sub">One question: does the candidate beat its baseline on this held-out set?</p>
      <div className="panel">
        {data?.error && (
          <p className="error" role="alert">
            {data.error}
          </p>
        )}
        <Form method="post" className="stack">
          <label>
            Name
            <input name="name" required placeholder="support-bot-v3" pattern="[\w.\-]+" maxLength={100} aria-describedby="name-format" title="letters, digits, dot, underscore and hyphen; no spaces" />
            <span id="name-format" className="muted small" data-testid="name-format">
              Letters, digits, dot (.), underscore (_) and hyphen (-); no spaces; up to 100 characters. It names the eval in the CLI and the API.
            </span>
          </label>
          <label>
            Description
            <textarea name="description" rows={2} />
          </label>
          <label>
            Candidate system (the fine-tuned model)
            <input name="candidate" required placeholder="ft-v3" />
          </label>
          <label>
            Baseline system(s), comma-separated
            <input name="baselines" required placeholder="base-model, gpt-4o" />
          </label>
          <div className="row">
            <label>
              Overlap k (annotators per comparison)
              <input name="overlap_k" type="number" min={1} max={50} defaultValue={3} />
            </label>
            <label>
              Seed (blank: drawn once and stored)
              <input name="seed" type="number" min={0} />
            </label>
          </div>
          <fieldset className="stack" style={{ border: "1px solid var(--line)", borderRadius: 6, padding: "8px 12px" }}>
            <legend>Start from</legend>
            <label style={{ fontWeight: 400, display: "flex", gap: 8, alignItems: "baseline" }}>
              <input type="radio" name="template" value="demo" defaultChecked data-testid="template-demo" style={{ width: "auto" }} /> the demo pack as a template (seven gates: target improvement, general regression,
              exact match, latency, human preference, adversarial pass rate, schema compliance; edit them on the Data &amp; pack tab)
            </label>
            <label style={{ fontWeight: 400, display: "flex", gap: 8, alignItems: "baseline" }}>
              <input type="radio" name="template" value="none" style={{ width: "auto" }} /> no pack (declare the gates later)
            </label>
          </fieldset>
          <p className="muted small" data-testid="examples">
            Example files to start from: <a href="/examples/cases.jsonl">cases (JSONL)</a>, <a href="/examples/outputs.jsonl">outputs (JSONL)</a>,{" "}
            <a href="/examples/pack.yaml">the demo pack (YAML)</a>.
          </p>
          <button className="btn" type="submit">
            Create eval
          </button>
        </Form>
      </div>
    </main>
  );
}
