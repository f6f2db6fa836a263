import { evalFromParams } from "../services/eval-route.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { noNul } from "../schemas/bounded";
import { EvalTabs } from "../components/EvalTabs";
import { EndpointPanel } from "../components/judge/EndpointPanel";
import { Faithfulness } from "../components/judge/Faithfulness";
import { Figures } from "../components/judge/Figures";
import { HumanAgreement } from "../components/judge/HumanAgreement";
import { RunsTable } from "../components/judge/RunsTable";
import { requireUser } from "../services/auth.server";
import { judgeEndpoints, judgePageData, startJudgeRun, startProbes } from "../services/judge.server";
import { judgeTabLength } from "../services/hybrid.server";
import { LengthStat } from "../components/report/Hybrid";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `LLM judge · ${data?.eval.name ?? "Eval"} · Arbiter` }];


export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUser(request, context, ["lead"]);
  const ev = await evalFromParams(params, context);
  const endpoint = judgeEndpoints();
  const [data, length] = await Promise.all([judgePageData(context, ev.id, ev.seed), judgeTabLength(context.db, ev.id)]);
  return { eval: { id: ev.id, name: ev.name }, endpoint, ...data, length };
}

const RunForm = z.object({
  intent: z.literal("run"),
  protocol: z.enum(["pairwise", "faithfulness", "rubric"]),
  model: z.string().trim().min(1, "name the judge model").max(200).superRefine(noNul),
  // A name from the operator's registry (judges/endpoints.ts), never a URL.
  endpoint: z.string().trim().max(64).superRefine(noNul).optional(),
  budget_tokens: z
    .string()
    .trim()
    .optional()
    .transform((s) => (s ? Number(s) : undefined))
    .refine((n) => n === undefined || (Number.isInteger(n) && n > 0), "the token budget must be a positive whole number"),
});
const ProbeForm = z.object({ intent: z.literal("probe"), model: z.string().trim().min(1, "name the judge model").max(200).superRefine(noNul), endpoint: z.string().trim().max(64).superRefine(noNul).optional() });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ["lead"]);
  const ev = await evalFromParams(params, context);
  const fields = Object.fromEntries(await request.formData());
  if (fields.intent === "probe") {
    const form = ProbeForm.safeParse(fields);
    if (!form.success) return Response.json({ error: form.error.issues[0].message }, { status: 400 });
    const started = await startProbes(context, ev.id, form.data.model, user.id, form.data.endpoint);
    return "error" in started ? Response.json(started, { status: 400 }) : Response.json({ probeStarted: started.probeId });
  }
  const form = RunForm.safeParse(fields);
  if (!form.success) return Response.json({ error: form.error.issues[0].message }, { status: 400 });
  const started = await startJudgeRun(context, ev.id, { protocol: form.data.protocol, model: form.data.model, budgetTokens: form.data.budget_tokens, endpoint: form.data.endpoint }, user.id);
  return "error" in started ? Response.json(started, { status: 400 }) : Response.json({ runStarted: started.runId, jobs: started.jobs });
}

type ActionData = { error: string } | { runStarted: number; jobs: number } | { probeStarted: number };

export default function JudgePage() {
  const { eval: ev, endpoint, runs, figures, probe, agreement, human, length } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const busy = runs.some((r) => r.status === "running") || probe?.status === "running";
  useEffect(() => {
    if (!busy) return;
    const id = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(id);
  }, [busy, revalidator]);

  return (
    <main>
      <h1>{ev.name}</h1>
      <EvalTabs evalId={ev.id} role="lead" />
      <EndpointPanel endpoint={endpoint} evalName={ev.name} result={result} busy={navigation.state !== "idle"} />
      <RunsTable runs={runs} />
      <Figures figures={figures} probe={probe} endpoint={endpoint} busy={navigation.state !== "idle"} />
      {(length.block || length.note) && (
        <div className="grid" style={{ marginTop: 12 }}>
          {length.block ? <LengthStat who="Judge" block={length.block} testId="judge-lc" /> : <p className="muted">{length.note}</p>}
        </div>
      )}
      {figures.faithfulness && <Faithfulness faithfulness={figures.faithfulness} />}
      <HumanAgreement agreement={agreement} human={human} />
    </main>
  );
}
