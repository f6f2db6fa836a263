import { evalFromParams } from "../services/eval-route.server";
import { RoleBadge } from "../components/RoleBadge";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { stringify as toYaml } from "yaml";
import { z } from "zod";
import { caseSlices, listSystems, outputCounts } from "../../db/evals";
import { listPackVersions, savePack } from "../../db/packs";
import { EvalTabs } from "../components/EvalTabs";
import { UploadForm } from "../components/UploadForm";
import { PackError, parsePack } from "../schemas/pack";
import { requireUser } from "../services/auth.server";
import { listGenerationRuns, startGeneration } from "../services/generate.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Data · ${data?.eval.name ?? "Eval"} · Arbiter` }];


export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUser(request, context, ["lead"]);
  const ev = await evalFromParams(params, context);
  const [systems, slices, outputs, packs, runs] = await Promise.all([
    listSystems(context.db, ev.id),
    caseSlices(context.db, ev.id),
    outputCounts(context.db, ev.id),
    listPackVersions(context.db, ev.id),
    listGenerationRuns(context.db, ev.id),
  ]);
  return {
    eval: { id: ev.id, name: ev.name },
    nCases: slices.reduce((s, x) => s + x.n, 0),
    systems: systems.map((s) => ({ id: s.id, name: s.name, role: s.role, outputs: outputs.find((o) => o.system_id === s.id)?.n ?? 0 })),
    packs: packs.map((p) => ({ version: p.version, locked: Boolean(p.locked_at), created_at: new Date(p.created_at).toISOString().slice(0, 16).replace("T", " "), name: p.body.name, gates: p.body.gates.length })),
    packYaml: packs[0] ? toYaml(packs[0].body) : "",
    runs,
    endpoint: process.env.OPENAI_BASE_URL ?? "",
  };
}

const PackForm = z.object({ intent: z.literal("pack"), pack: z.string().min(1, "paste a pack in YAML or JSON"), format: z.enum(["yaml", "json"]) });
const GenerateForm = z.object({
  intent: z.literal("generate"),
  system: z.string().min(1, "choose a system"),
  model: z.string().trim().min(1, "name the model"),
  base_url: z.string().trim().url("the endpoint must be a URL such as http://127.0.0.1:8000/v1"),
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ["lead"]);
  const ev = await evalFromParams(params, context);
  const fields = Object.fromEntries(await request.formData());
  if (fields.intent === "generate") {
    const gen = GenerateForm.safeParse(fields);
    if (!gen.success) return Response.json({ generateError: gen.error.issues[0].message }, { status: 400 });
    const started = await startGeneration(context, ev.id, gen.data.system, gen.data.model, gen.data.base_url, user.id);
    if ("error" in started) return Response.json({ generateError: started.error }, { status: 400 });
    return Response.json({ generateStarted: started.runId });
  }
  const form = PackForm.safeParse(fields);
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

type ActionData =
  | { error: string }
  | { saved: { version: number; created: boolean; unchanged: boolean } }
  | { generateError: string }
  | { generateStarted: number };

export default function EvalData() {
  const { eval: ev, nCases, systems, packs, packYaml, runs, endpoint } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const revalidator = useRevalidator();
  const running = runs.some((r) => r.status === "running");
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(id);
  }, [running, revalidator]);
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
              Outputs · {s.name} <RoleBadge role={s.role} />
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

      <h2>Generate outputs from an endpoint</h2>
      <div className="panel">
        <p className="muted">
          Calls any OpenAI-compatible endpoint (OpenAI, Azure OpenAI, vLLM, Ollama, LiteLLM) for every case the system has no output for, or whose output
          failed. The API key comes from the server's <code>OPENAI_API_KEY</code>; endpoint errors are recorded on the outputs.
        </p>
        {result && "generateError" in result && (
          <p className="error" role="alert">
            {result.generateError}
          </p>
        )}
        <Form method="post" className="row">
          <input type="hidden" name="intent" value="generate" />
          <label>
            System
            <select name="system">
              {systems.map((s) => (
                <option key={s.id} value={s.name}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Model
            <input name="model" required placeholder="my-finetune-7b" />
          </label>
          <label>
            Endpoint base URL
            <input name="base_url" required defaultValue={endpoint} placeholder="http://127.0.0.1:8000/v1" size={32} />
          </label>
          <button className="btn" type="submit" style={{ alignSelf: "end" }} disabled={systems.length === 0}>
            Generate
          </button>
        </Form>
        {runs.length > 0 && (
          <table style={{ marginTop: 12 }} data-testid="generation-runs">
            <thead>
              <tr>
                <th>Started</th>
                <th>System</th>
                <th>Model</th>
                <th>Progress</th>
                <th className="num">Errors</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td>{r.started_at}</td>
                  <td>{r.system}</td>
                  <td>{r.model}</td>
                  <td style={{ minWidth: 180 }}>
                    <div className="progress" style={{ marginTop: 0, height: 20 }}>
                      <div className="bar" style={{ width: `${r.total ? (100 * r.done) / r.total : 100}%` }} />
                      <span style={{ lineHeight: "20px" }}>
                        {r.done}/{r.total}
                      </span>
                    </div>
                  </td>
                  <td className="num">{r.errors}</td>
                  <td>{r.status === "failed" ? `failed: ${r.message ?? ""}` : r.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <h2>Eval pack: metrics and gates</h2>
      <div className="panel">
        {packs.length === 0 ? (
          <p className="notice">No pack yet. Declare the gates before any result is recorded: they lock when the first judgment, verdict or report arrives.</p>
        ) : (
          <p className={locked ? "notice" : "ok"} data-testid="pack-status">
            Version {packs[0].version} “{packs[0].name}”, {packs[0].gates} gate{packs[0].gates === 1 ? "" : "s"} —{" "}
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
          <input type="hidden" name="intent" value="pack" />
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
