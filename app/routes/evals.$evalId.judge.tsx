import { evalFromParams } from "../services/eval-route.server";
import { RoleBadge } from "../components/RoleBadge";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { EvalTabs } from "../components/EvalTabs";
import { requireUser } from "../services/auth.server";
import { judgeEndpoint, judgePageData, startJudgeRun, startProbes } from "../services/judge.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `LLM judge · ${data?.eval.name ?? "Eval"} · Arbiter` }];


export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUser(request, context, ["lead"]);
  const ev = await evalFromParams(params, context);
  const endpoint = judgeEndpoint();
  const data = await judgePageData(context, ev.id, ev.seed);
  return { eval: { id: ev.id, name: ev.name }, endpoint, ...data };
}

const RunForm = z.object({
  intent: z.literal("run"),
  protocol: z.enum(["pairwise", "faithfulness", "rubric"]),
  model: z.string().trim().min(1, "name the judge model"),
  budget_tokens: z
    .string()
    .trim()
    .optional()
    .transform((s) => (s ? Number(s) : undefined))
    .refine((n) => n === undefined || (Number.isInteger(n) && n > 0), "the token budget must be a positive whole number"),
});
const ProbeForm = z.object({ intent: z.literal("probe"), model: z.string().trim().min(1, "name the judge model") });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ["lead"]);
  const ev = await evalFromParams(params, context);
  const fields = Object.fromEntries(await request.formData());
  if (fields.intent === "probe") {
    const form = ProbeForm.safeParse(fields);
    if (!form.success) return Response.json({ error: form.error.issues[0].message }, { status: 400 });
    const started = await startProbes(context, ev.id, form.data.model, user.id);
    return "error" in started ? Response.json(started, { status: 400 }) : Response.json({ probeStarted: started.probeId });
  }
  const form = RunForm.safeParse(fields);
  if (!form.success) return Response.json({ error: form.error.issues[0].message }, { status: 400 });
  const started = await startJudgeRun(context, ev.id, { protocol: form.data.protocol, model: form.data.model, budgetTokens: form.data.budget_tokens }, user.id);
  return "error" in started ? Response.json(started, { status: 400 }) : Response.json({ runStarted: started.runId, jobs: started.jobs });
}

type ActionData = { error: string } | { runStarted: number; jobs: number } | { probeStarted: number };

const pct = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${(100 * x).toFixed(1)}%`);
const fix = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? "—" : x.toFixed(d));
const ci = (c: [number, number] | null | undefined, f: (x: number) => string = (x) => pct(x)) => (c ? `95% CI ${f(c[0])} – ${f(c[1])}` : "no interval");

export default function JudgePage() {
  const { eval: ev, endpoint, runs, figures, probe, agreement, human } = useLoaderData<typeof loader>();
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

      <h2>Judge endpoint</h2>
      {endpoint.configured ? (
        <div className="panel" data-testid="judge-configured">
          <p className="muted" style={{ marginTop: 0 }}>
            Endpoint <code>{endpoint.baseURL}</code>
            {endpoint.model ? (
              <>
                , default model <code>{endpoint.model}</code>
              </>
            ) : null}
            . Every pair is judged in both orders; a verdict that flips with the order counts as a tie and as position-inconsistent. Answers are cached in the database, so a re-run of the same judge makes no call for what it already has.
          </p>
          {result && "error" in result && (
            <p className="error" role="alert">
              {result.error}
            </p>
          )}
          {result && "runStarted" in result && <p className="ok">Run #{result.runStarted} started with {result.jobs} jobs.</p>}
          <Form method="post" className="row">
            <input type="hidden" name="intent" value="run" />
            <label>
              Protocol
              <select name="protocol" defaultValue="pairwise">
                <option value="pairwise">pairwise (candidate vs each baseline)</option>
                <option value="faithfulness">faithfulness (claims vs context)</option>
                <option value="rubric">rubric (llm_rubric assertions)</option>
              </select>
            </label>
            <label>
              Model
              <input name="model" required defaultValue={endpoint.model} placeholder="gpt-4o-mini" />
            </label>
            <label>
              Token budget (optional)
              <input name="budget_tokens" inputMode="numeric" placeholder="e.g. 2000000" size={12} />
            </label>
            <button className="btn" type="submit" style={{ alignSelf: "end" }} disabled={navigation.state !== "idle"} data-testid="start-judge">
              Start judge run
            </button>
          </Form>
        </div>
      ) : (
        <div className="panel empty" data-testid="judge-unconfigured">
          <p>
            <strong>No LLM judge is configured.</strong> That is fine: human A/B, metrics and the report work without one.
          </p>
          <p>To add a judge, start the server with an OpenAI-compatible endpoint (OpenAI, Azure OpenAI, vLLM, Ollama, LiteLLM):</p>
          <pre style={{ textAlign: "left", display: "inline-block" }}>
            {"JUDGE_BASE_URL=http://127.0.0.1:8000/v1   # the endpoint\nJUDGE_MODEL=my-judge-model                # default model\nJUDGE_API_KEY=...                         # if the endpoint needs one; never stored"}
          </pre>
          <p className="muted">
            From the command line: <code>npx arbiter judge --eval {ev.name} --base-url URL --model M</code>
          </p>
        </div>
      )}

      <h2>Judge runs</h2>
      {runs.length === 0 ? (
        <p className="muted">No judge run yet.</p>
      ) : (
        <div className="panel">
          <table data-testid="judge-runs">
            <thead>
              <tr>
                <th>#</th>
                <th>Started</th>
                <th>Protocol</th>
                <th>Model</th>
                <th>Progress</th>
                <th className="num">Verdicts</th>
                <th>Failed</th>
                <th className="num">Calls</th>
                <th className="num">Cache hits</th>
                <th className="num">Tokens</th>
                <th className="num">Cost</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => {
                const finished = r.done + r.failed;
                const kinds = Object.entries(r.failures);
                return (
                  <tr key={r.id} data-testid={`judge-run-${r.id}`}>
                    <td>{r.id}</td>
                    <td>{r.created_at}</td>
                    <td>{r.protocol}</td>
                    <td>{r.model}</td>
                    <td style={{ minWidth: 160 }}>
                      <div className="progress" style={{ marginTop: 0, height: 20 }}>
                        <div className="bar" style={{ width: `${r.total ? (100 * finished) / r.total : 100}%` }} />
                        <span style={{ lineHeight: "20px" }}>
                          {finished}/{r.total}
                        </span>
                      </div>
                    </td>
                    <td className="num">{r.verdicts}</td>
                    <td>{kinds.length === 0 ? "0" : kinds.map(([k, n]) => `${k} ${n}`).join(", ")}</td>
                    <td className="num">{r.calls}</td>
                    <td className="num">{r.cache_hits}</td>
                    <td className="num">{r.tokens_used.toLocaleString("en-US")}</td>
                    <td className="num">{r.cost_usd ? `$${r.cost_usd.toFixed(4)}` : "—"}</td>
                    <td data-testid={`judge-run-status-${r.id}`}>{r.status}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <h2>The judge's figures</h2>
      <div className="grid">
        <div className="stat">
          <div className="label">Judge win rate of candidate</div>
          <div className="value" data-testid="judge-win-rate">{pct(figures.pairwise?.win_rate)}</div>
          <div className="hint">
            {figures.pairwise ? `n = ${figures.pairwise.n} · ${figures.pairwise.wins} W / ${figures.pairwise.losses} L / ${figures.pairwise.ties} T · ${ci(figures.pairwise.ci95_win_rate)}` : "no pairwise verdicts yet"}
          </div>
        </div>
        <div className="stat">
          <div className="label">Mean margin (−1 … 1)</div>
          <div className="value" data-testid="judge-margin">{fix(figures.pairwise?.mean_margin)}</div>
          <div className="hint">from the candidate's side, both orders combined</div>
        </div>
        <div className="stat">
          <div className="label">Position consistency</div>
          <div className="value" data-testid="judge-consistency">{pct(figures.pairwise?.position_consistency)}</div>
          <div className="hint">{figures.pairwise ? `${figures.pairwise.inconsistent} of ${figures.pairwise.n} verdicts flipped with the order (counted as ties)` : "—"}</div>
        </div>
        <div className="stat">
          <div className="label">Injection-probe flip rate</div>
          <div className="value" data-testid="probe-flip-rate">{probe?.status === "done" ? pct(probe.flip_rate) : probe?.status === "running" ? "running…" : "—"}</div>
          <div className="hint">
            {probe?.status === "done"
              ? `${probe.flipped} of ${probe.n} probes moved the verdict toward the injected answer · ${probe.model}`
              : probe?.status === "failed"
                ? `failed: ${probe.message ?? ""}`
                : "how often an output saying “prefer me” sways the judge"}
          </div>
          {endpoint.configured && (
            <Form method="post" style={{ marginTop: 8 }}>
              <input type="hidden" name="intent" value="probe" />
              <input type="hidden" name="model" value={endpoint.model || "default"} />
              <button className="btn" type="submit" disabled={navigation.state !== "idle" || probe?.status === "running"} data-testid="run-probes">
                Run the probe set
              </button>
            </Form>
          )}
        </div>
      </div>

      {figures.faithfulness && (
        <div className="panel" data-testid="faithfulness" style={{ marginTop: 16 }}>
          <h3 style={{ marginTop: 0 }}>Faithfulness (supported claims / all claims)</h3>
          <table>
            <thead>
              <tr>
                <th>System</th>
                <th className="num">Outputs scored</th>
                <th className="num">Mean</th>
              </tr>
            </thead>
            <tbody>
              {figures.faithfulness.systems.map((s) => (
                <tr key={s.name}>
                  <td>
                    {s.name} <RoleBadge role={s.role} />
                  </td>
                  <td className="num">{s.n}</td>
                  <td className="num">{fix(s.mean)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{figures.faithfulness.not_applicable} outputs are not applicable (their case has neither context nor reference).</p>
          {figures.faithfulness.examples.length > 0 && (
            <>
              <h4>Unsupported claims of the candidate (examples)</h4>
              <ul data-testid="unsupported-claims">
                {figures.faithfulness.examples.map((e, i) => (
                  <li key={i}>
                    <code>{e.case}</code>: “{e.claim}” <span className="muted">— {e.reason}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}

      <h2>Can the judge be trusted where no human looked?</h2>
      <div className="grid">
        <div className="stat">
          <div className="label">Human agreement (Krippendorff's α)</div>
          <div className="value" data-testid="human-alpha">{fix(human?.alpha.value)}</div>
          <div className="hint">{human ? `${human.n} judgments · percent agreement ${pct(human.percent.value)}` : "no human judgments yet"}</div>
        </div>
        {agreement.map((a) => (
          <div className="stat" key={a.config_hash} data-testid="judge-human-agreement">
            <div className="label">
              Judge vs human majority · {a.model} <span className="muted">({a.config_hash.slice(0, 8)})</span>
            </div>
            <div className="value">κ {fix(a.kappa)}</div>
            <div className="hint">
              n = {a.n} comparisons · accuracy {pct(a.accuracy)} ({ci(a.ci95_accuracy)}){a.kappa_reason ? ` · ${a.kappa_reason}` : ""}
            </div>
          </div>
        ))}
      </div>
      {agreement.filter((a) => a.n > 0).map((a) => (
        <div className="panel" key={a.config_hash} style={{ marginTop: 16 }}>
          <h4 style={{ marginTop: 0 }}>
            Confusion: judge (rows) vs human majority (columns), {a.model}
          </h4>
          <table data-testid="confusion">
            <thead>
              <tr>
                <th />
                <th className="num">human: candidate</th>
                <th className="num">human: other</th>
                <th className="num">human: tie</th>
              </tr>
            </thead>
            <tbody>
              {(["a", "b", "tie"] as const).map((j) => (
                <tr key={j}>
                  <th>judge: {j === "a" ? "candidate" : j === "b" ? "other" : "tie"}</th>
                  <td className="num">{a.confusion[j].a}</td>
                  <td className="num">{a.confusion[j].b}</td>
                  <td className="num">{a.confusion[j].tie}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {agreement.length === 0 && <p className="muted">Judge-human agreement appears once the judge and annotators have both judged some of the same comparisons.</p>}
    </main>
  );
}
