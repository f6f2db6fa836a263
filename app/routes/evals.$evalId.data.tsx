import { evalFromParams } from "../services/eval-route.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { stringify as toYaml } from "yaml";
import { z } from "zod";
import { noNul } from "../schemas/bounded";
import { caseSlices, listSystems, outputCounts } from "../../db/evals";
import { listPackVersions, savePack } from "../../db/packs";
import { Counts } from "../components/data/Counts";
import { GeneratePanel } from "../components/data/GeneratePanel";
import { ImportPanel } from "../components/data/ImportPanel";
import { PackPanel } from "../components/data/PackPanel";
import { EvalTabs } from "../components/EvalTabs";
import { PackError, parsePack } from "../schemas/pack";
import { requireUser } from "../services/auth.server";
import { generationEndpoints, listGenerationRuns, startGeneration } from "../services/generate.server";

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
    endpoints: generationEndpoints().map((e) => ({ name: e.name, models: e.models, defaultModel: e.defaultModel })),
  };
}

const PackForm = z.object({ intent: z.literal("pack"), pack: z.string().min(1, "paste a pack in YAML or JSON").superRefine(noNul), format: z.enum(["yaml", "json"]) });
const GenerateForm = z.object({
  intent: z.literal("generate"),
  system: z.string().min(1, "choose a system").superRefine(noNul),
  model: z.string().trim().min(1, "name the model").max(200).superRefine(noNul),
  // A name from the operator's registry (judges/endpoints.ts), never a URL.
  endpoint: z.string().trim().min(1, "choose an endpoint").max(64).superRefine(noNul),
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ["lead"]);
  const ev = await evalFromParams(params, context);
  const fields = Object.fromEntries(await request.formData());
  if (fields.intent === "generate") {
    const gen = GenerateForm.safeParse(fields);
    if (!gen.success) return Response.json({ generateError: gen.error.issues[0].message }, { status: 400 });
    const started = await startGeneration(context, ev.id, gen.data.system, gen.data.model, gen.data.endpoint, user.id);
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
  const { eval: ev, nCases, systems, packs, packYaml, runs, endpoints } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const revalidator = useRevalidator();
  const running = runs.some((r) => r.status === "running");
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(id);
  }, [running, revalidator]);
  return (
    <main>
      <h1>{ev.name}</h1>
      <EvalTabs evalId={ev.id} role="lead" />
      <Counts nCases={nCases} systems={systems} />
      <ImportPanel evalId={ev.id} systems={systems.map((s) => s.name)} />
      <GeneratePanel systems={systems} runs={runs} endpoints={endpoints} error={result && "generateError" in result ? result.generateError : undefined} />
      <PackPanel packs={packs} packYaml={packYaml} result={result} />
    </main>
  );
}
