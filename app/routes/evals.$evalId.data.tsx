import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { stringify as toYaml } from "yaml";
import { z } from "zod";
import { caseSlices, getEval, listSystems, outputCounts } from "../../db/evals";
import { listPackVersions, savePack } from "../../db/packs";
import { EvalTabs } from "../components/EvalTabs";
import { UploadForm } from "../components/UploadForm";
import { PackError, parsePack } from "../schemas/pack";
import { requireUser } from "../services/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Data · ${data?.eval.name ?? "Eval"} · Arbiter` }];

const Params = z.object({ evalId: z.coerce.number().int().positive() });

async function loadEval(params: unknown, context: LoaderFunctionArgs["context"]) {
  const p = Params.safeParse(params);
  const ev = p.success ? await getEval(context.db, p.data.evalId) : undefined;
  if (!ev) throw new Response("No such eval.", { status: 404 });
  return ev;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUser(request, context, ["lead"]);
  const ev = await loadEval(params, context);
  const [systems, slices, outputs, packs] = await Promise.all([
    listSystems(context.db, ev.id),
    caseSlices(context.db, ev.id),
    outputCounts(context.db, ev.id),
    listPackVersions(context.db, ev.id),
  ]);
  return {
    eval: { id: ev.id, name: ev.name },
    nCases: slices.reduce((s, x) => s + x.n, 0),
    systems: systems.map((s) => ({ id: s.id, name: s.name, role: s.role, outputs: outputs.find((o) => o.system_id === s.id)?.n ?? 0 })),
    packs: packs.map((p) => ({ version: p.version, locked: Boolean(p.locked_at), created_at: new Date(p.created_at).toISOString().slice(0, 16).replace("T", " "), name: p.body.name, gates: p.body.gates.length })),
    packYaml: packs[0] ? toYaml(packs[0].body) : "",
  };
}

const PackForm = z.object({ pack: z.string().min(1, "paste a pack in YAML or JSON"), format: z.enum(["yaml", "json"]) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ["lead"]);
  const ev = await loadEval(params, context);
  const form = PackForm.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return Response.json({ error: form.error.issues[0].message }, { status: 400 });
  try {
    const pack = parsePack(form.data.pack, form.data.format);
    const saved = await savePack(context.db, ev.id, pack, { actorId: user.id, format: form.data.format });
    return Response.json({ saved });
  } catch (err) {
    if (err instanceof PackError) return Response.json({ error: err.message }, { status: 422 });
    throw err;
  }
}

type ActionData = { error: string } | { saved: { version: number; created: boolean; unchanged: boolean } };

export default function EvalData() {
  const { eval: ev, nCases, systems, packs, packYaml } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const locked = packs[0]?.locked;
  return (
    <main>
      <h1>{ev.name}</h1>
      <EvalTabs evalId={ev.id} role="lead" />
      <div className="grid">
        <div className="stat">
          <div className="label">Cases</div>
          <div className="value" data-testid="data-cases">{nCases}</div>
        </div>
        {systems.map((s) => (
          <div className="stat" key={s.id}>
            <div className="label">
              Outputs · {s.name} <span className={`badge ${s.role}`}>{s.role}</span>
            </div>
            <div className="value" data-testid={`data-outputs-${s.name}`}>{s.outputs}</div>
          </div>
        ))}
      </div>

      <h2>Import cases or outputs</h2>
      <div className="panel">
        <p className="muted">
          One JSON object per line (JSONL) or CSV with a header. Cases: <code>id, input, context, reference, category, suite, shape, tags, assertions</code>. Outputs:{" "}
          <code>case_id, system, text, latency_ms, prompt_tokens, completion_tokens, logprobs, error</code>. A file with any invalid row is refused whole, with
          every bad line listed; re-importing the same ids updates those rows.
        </p>
        <UploadForm evalId={ev.id} systems={systems.map((s) => s.name)} />
      </div>

      <h2>Eval pack: metrics and gates</h2>
      <div className="panel">
        {packs.length === 0 ? (
          <p className="notice">No pack yet. Declare the gates before any result is recorded: they lock when the first judgment, verdict or report arrives.</p>
        ) : (
          <p className={locked ? "notice" : "ok"} data-testid="pack-status">
            Version {packs[0].version} “{packs[0].name}”, {packs[0].gates} gates —{" "}
            {locked ? "locked: results exist, so saving creates a new version and the report will say the gates changed." : "not locked yet: saving replaces it."}
          </p>
        )}
        {result && "error" in result && (
          <pre className="error text" role="alert">
            {result.error}
          </pre>
        )}
        {result && "saved" in result && (
          <p className="ok">{result.saved.unchanged ? "No change." : result.saved.created ? `Saved as version ${result.saved.version}.` : `Version ${result.saved.version} updated.`}</p>
        )}
        <Form method="post">
          <textarea className="code" name="pack" defaultValue={packYaml} aria-label="Pack" />
          <div className="row" style={{ marginTop: 8 }}>
            <label className="row">
              Format
              <select name="format" defaultValue="yaml">
                <option value="yaml">YAML</option>
                <option value="json">JSON</option>
              </select>
            </label>
            <button className="btn" type="submit">
              Save pack
            </button>
          </div>
        </Form>
        {packs.length > 1 && (
          <table style={{ marginTop: 12 }}>
            <thead>
              <tr>
                <th>Version</th>
                <th>Name</th>
                <th>Saved</th>
                <th>Locked</th>
              </tr>
            </thead>
            <tbody>
              {packs.map((p) => (
                <tr key={p.version}>
                  <td>{p.version}</td>
                  <td>{p.name}</td>
                  <td>{p.created_at}</td>
                  <td>{p.locked ? "yes" : "no"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </main>
  );
}
