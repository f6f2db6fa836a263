import { evalFromParams } from "../services/eval-route.server";
import { RoleBadge } from "../components/RoleBadge";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getReport, latestReport, listSignoffs, recordSignoff } from "../../db/report-data";
import { DeltaChart, RateChart, type DeltaBar, type RateBar } from "../components/ReportCharts";
import { EvalTabs } from "../components/EvalTabs";
import type { GateResult } from "../core/report/gate-evaluation";
import type { ReportBody } from "../core/report/types";
import reportStyles from "../report.css";
import { requireUser } from "../services/auth.server";
import { computeAndStoreReport, currentReport } from "../services/report.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Report · ${data?.eval.name ?? "Eval"} · Arbiter` }];


export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, ["lead", "owner"]);
  const ev = await evalFromParams(params, context);
  const wanted = z.coerce.number().int().positive().safeParse(new URL(request.url).searchParams.get("snapshot"));
  const newest = await currentReport(context.db, ev.id, user.id);
  const report = wanted.success ? (await getReport(context.db, ev.id, wanted.data)) ?? newest : newest;
  const signoffs = await listSignoffs(context.db, ev.id);
  return {
    role: user.role,
    eval: { id: ev.id, name: ev.name, description: ev.description },
    report: { id: report.id, content_hash: report.content_hash, decision: report.decision, created_at: new Date(report.created_at).toISOString(), pack_version: report.pack_version, seed: report.seed, body: report.body },
    newestId: newest.id,
    signoffs: signoffs.map((s) => ({ ...s, created_at: new Date(s.created_at).toISOString() })),
  };
}

const SignoffForm = z.object({
  intent: z.literal("signoff"),
  report_id: z.coerce.number().int().positive(),
  content_hash: z.string().regex(/^[0-9a-f]{64}$/),
  decision: z.enum(["go", "no_go"], { errorMap: () => ({ message: "choose go or no-go" }) }),
  note: z.string().trim().min(1, "write a note: what the decision rests on").max(4000),
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "recompute") {
    const user = await requireUser(request, context, ["lead", "owner"]);
    const ev = await evalFromParams(params, context);
    const { report, created } = await computeAndStoreReport(context.db, ev.id, user.id);
    return { recomputed: { id: report.id, created } };
  }
  const user = await requireUser(request, context, ["owner"]);
  const ev = await evalFromParams(params, context);
  const parsed = SignoffForm.safeParse(form);
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0].message }, { status: 400 });
  const report = await getReport(context.db, ev.id, parsed.data.report_id);
  if (!report || report.content_hash !== parsed.data.content_hash) {
    return Response.json({ error: "That snapshot does not belong to this eval (or its hash does not match)." }, { status: 400 });
  }
  const id = await recordSignoff(context.db, { evalId: ev.id, reportId: report.id, ownerId: user.id, decision: parsed.data.decision, note: parsed.data.note });
  return { signed: { id, report_id: report.id } };
}

type ActionData = { error: string } | { recomputed: { id: number; created: boolean } } | { signed: { id: number; report_id: number } };

const STATUS: Record<GateResult["status"], { cls: string; label: string }> = {
  pass: { cls: "pass", label: "pass" },
  fail: { cls: "fail", label: "fail" },
  not_conclusive: { cls: "inconclusive", label: "not conclusive" },
  insufficient_data: { cls: "insufficient", label: "insufficient data" },
};

const RATE_METRICS = new Set(["exact_match", "token_f1", "rouge1", "rouge2", "rougeL", "accuracy", "macro_f1", "valid_json_rate", "schema_compliance", "tool_call_accuracy", "assertion_pass_rate", "error_rate", "human_win_rate", "human_decisive_win_rate", "judge_win_rate", "judge_faithfulness"]);

function fmtGate(g: Pick<GateResult, "metric" | "mode">, v: number | null): string {
  if (v === null) return "—";
  if (g.mode === "ratio") return `${v.toFixed(2)}×`;
  if (g.metric.startsWith("latency")) return g.mode === "value" ? `${Math.round(v)} ms` : g.mode === "delta" ? `${v > 0 ? "+" : ""}${Math.round(v)} ms` : `${(v * 100).toFixed(1)}%`;
  if (RATE_METRICS.has(g.metric) || g.mode === "relative") {
    const s = `${(v * 100).toFixed(1)}%`;
    return g.mode === "delta" ? `${v > 0 ? "+" : ""}${(v * 100).toFixed(1)} pts` : s;
  }
  return v.toFixed(3);
}

function fmtCi(g: Pick<GateResult, "metric" | "mode">, ci: [number, number] | null): string {
  return ci ? `[${fmtGate(g, ci[0])}, ${fmtGate(g, ci[1])}]` : "—";
}

function scopeText(scope: GateResult["scope"]): string {
  return scope === "all" ? "all cases" : Object.entries(scope).map(([k, v]) => `${k}: ${v}`).join(", ");
}

const pct = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? "—" : `${(v * 100).toFixed(1)}%`);
const ms = (v: number | null) => (v === null ? "—" : `${Math.round(v)} ms`);
const ci = (c: [number, number] | null, f: (v: number) => string = (v) => pct(v)) => (c ? `[${f(c[0])}, ${f(c[1])}]` : "—");

function DecisionBanner({ body, report, newestId }: { body: ReportBody; report: { id: number; content_hash: string; created_at: string; decision: string }; newestId: number }) {
  const cls = body.decision === "SHIP" ? "ship" : body.decision === "NO_GO" ? "no_go" : "insufficient";
  const failing = body.gates.filter((g) => g.status !== "pass").length;
  return (
    <div className={`decision ${cls}`} data-testid="decision">
      <div>
        <div className="verdict" data-testid="decision-value">
          {body.decision === "SHIP" ? "SHIP" : body.decision === "NO_GO" ? "NO-GO" : "NO-GO · insufficient data"}
        </div>
        <div className="small muted">
          {body.gates.length - failing} of {body.gates.length} gates pass
          {failing ? ` · ${failing} do not` : ""}
        </div>
      </div>
      <div className="meta">
        <span>
          Snapshot #{report.id} · <code data-testid="report-hash">{report.content_hash.slice(0, 16)}</code> · computed {report.created_at.slice(0, 16).replace("T", " ")} UTC
        </span>
        <span>
          Candidate <strong>{body.systems.candidate ?? "—"}</strong> against <strong>{body.systems.baseline ?? "—"}</strong> · {body.counts.cases} held-out cases of eval “{body.eval.name}” · seed {body.eval.seed}
        </span>
        <span data-testid="pack-version">
          {body.pack ? (
            <>
              Pack “{body.pack.name}” version {body.pack.version}
              {body.pack.changed_after_results ? (
                <strong className="older"> gates changed after results (locked version {body.pack.locked_version})</strong>
              ) : (
                " · gates fixed before results"
              )}
            </>
          ) : (
            "No pack: no gates declared"
          )}
        </span>
        {report.id !== newestId && (
          <span className="older" data-testid="older-snapshot">
            An older snapshot: the newest is #{newestId}.
          </span>
        )}
      </div>
    </div>
  );
}

function Checklist({ gates }: { gates: GateResult[] }) {
  if (gates.length === 0) return <p className="empty">No gates declared. A lead adds the pack’s gates on the “Data & pack” tab.</p>;
  return (
    <table className="checklist" data-testid="checklist">
      <thead>
        <tr>
          <th>Status</th>
          <th>Gate</th>
          <th className="num">Value</th>
          <th className="num">Threshold</th>
          <th className="num">n</th>
          <th className="num">95% interval</th>
        </tr>
      </thead>
      <tbody>
        {gates.map((g) => (
          <tr key={g.id} data-testid={`gate-${g.id}`} data-status={g.status}>
            <td>
              <span className={`badge ${STATUS[g.status].cls}`}>{STATUS[g.status].label}</span>
            </td>
            <td>
              <div className="gate-id">{g.description ?? g.id}</div>
              <div className="why">
                {g.metric}
                {g.mode !== "value" ? ` (${g.mode} vs baseline)` : ""} · {scopeText(g.scope)} · decided on {g.decide_on === "bound" ? "the interval" : "the point estimate"} — {g.explanation}
              </div>
            </td>
            <td className="num">{fmtGate(g, g.value)}</td>
            <td className="num">
              {g.comparator} {fmtGate(g, g.threshold)}
            </td>
            <td className="num">
              {g.n}
              <div className="why">min {g.min_n}</div>
            </td>
            <td className="num">
              {fmtCi(g, g.ci95)}
              {g.method && <div className="why">{g.method}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Charts({ body }: { body: ReportBody }) {
  const cand = body.assertions.by_system.find((s) => s.role === "candidate");
  const base = body.assertions.by_system.find((s) => s.role !== "candidate");
  const categories = [...new Set([...Object.keys(cand?.by_category ?? {}), ...Object.keys(base?.by_category ?? {})])].sort();
  const passRows: RateBar[] = categories.map((c) => {
    const a = cand?.by_category[c];
    const b = base?.by_category[c];
    return { label: c, value: a?.n ? a.rate : null, ci95: a?.ci95 ?? null, n: a?.n ?? 0, other: base ? { value: b?.n ? b.rate : null, ci95: b?.ci95 ?? null } : null };
  });
  const human = body.human.overall ? [{ label: "overall", value: body.human.overall.win_rate, ci95: body.human.overall.ci95_win_rate, n: body.human.overall.n }, ...body.human.by_category.map((r) => ({ label: r.group, value: r.win_rate, ci95: r.ci95_win_rate, n: r.n }))] : [];
  const judge = body.judge.pairwise ? [{ label: "overall", value: body.judge.pairwise.overall.win_rate, ci95: body.judge.pairwise.overall.ci95_win_rate, n: body.judge.pairwise.overall.n }, ...body.judge.pairwise.by_category.map((r) => ({ label: r.group, value: r.win_rate, ci95: r.ci95_win_rate, n: r.n }))] : [];
  const deltas: DeltaBar[] = body.metrics
    .filter((m) => m.suite === "all" && m.delta !== null && !m.metric.startsWith("latency"))
    .map((m) => ({ label: `${m.shape} · ${m.metric}`, delta: m.delta!, better: m.higher_is_better ? m.delta! > 0 : m.delta! < 0, scale: m.metric === "bleu" || m.metric === "chrf" ? 100 : 1 }));
  return (
    <div className="charts">
      <div className="panel chart" data-testid="chart-human">
        <h3>Human win rate of the candidate, by category</h3>
        {human.length ? (
          <>
            <RateChart rows={human} reference={0.5} referenceLabel="parity" testId="svg-human" />
            <div className="legend">
              <span>(wins + ties/2) / n · bars are bootstrap 95% intervals</span>
            </div>
          </>
        ) : (
          <p className="empty small">{body.human.note}</p>
        )}
      </div>
      <div className="panel chart" data-testid="chart-judge">
        <h3>LLM-judge win rate of the candidate, by category</h3>
        {judge.length ? (
          <>
            <RateChart rows={judge} reference={0.5} referenceLabel="parity" testId="svg-judge" />
            <div className="legend">
              <span>position-consistent: {pct(body.judge.pairwise!.position_consistency_rate)} of verdicts; a flip counts as a tie</span>
            </div>
          </>
        ) : (
          <p className="empty small">{body.judge.note ?? "No pairwise verdicts."}</p>
        )}
      </div>
      <div className="panel chart" data-testid="chart-pass">
        <h3>Assertion pass rate by category</h3>
        {passRows.length ? (
          <>
            <RateChart rows={passRows} testId="svg-pass" />
            <div className="legend">
              <span>
                <i style={{ background: "#2f5bd3" }} />
                {cand?.system ?? "candidate"}
              </span>
              {base && (
                <span>
                  <i style={{ background: "#94a3b8" }} />
                  {base.system}
                </span>
              )}
              <span>Wilson 95% intervals · n = candidate’s decided cases</span>
            </div>
          </>
        ) : (
          <p className="empty small">No case has assertions.</p>
        )}
      </div>
      <div className="panel chart" data-testid="chart-deltas">
        <h3>Metric deltas, candidate − baseline</h3>
        {deltas.length ? <DeltaChart rows={deltas} testId="svg-deltas" /> : <p className="empty small">No automated metric has values for both systems.</p>}
      </div>
    </div>
  );
}

function Regressions({ body }: { body: ReportBody }) {
  const rows = body.regressions.rows.filter((r) => r.slice_kind !== "tag" || r.flag);
  if (rows.length === 0) return <p className="empty">No case was decided for both systems, so nothing can be compared yet.</p>;
  return (
    <table data-testid="regressions">
      <thead>
        <tr>
          <th>Suite</th>
          <th>Slice</th>
          <th className="num">Candidate</th>
          <th className="num">Baseline</th>
          <th className="num">Δ</th>
          <th className="num">95% interval</th>
          <th className="num">n</th>
          <th>Flag</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.suite}-${r.slice_kind}-${r.slice}`} data-flag={r.flag ?? ""}>
            <td>{r.suite}</td>
            <td>{r.slice_kind === "all" ? <strong>whole suite</strong> : `${r.slice_kind} ${r.slice}`}</td>
            <td className="num">{pct(r.candidate)}</td>
            <td className="num">{pct(r.baseline)}</td>
            <td className="num">{r.delta === null ? "—" : `${r.delta > 0 ? "+" : ""}${(r.delta * 100).toFixed(1)} pts`}</td>
            <td className="num">{ci(r.ci95, (v) => `${(v * 100).toFixed(0)}`)}</td>
            <td className="num">{r.n}</td>
            <td>{r.flag ? <span className={`badge ${r.flag}`}>{r.flag}</span> : <span className="muted small">within ±{(body.regressions.threshold * 100).toFixed(0)} pts</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Clusters({ body, evalId, reportId }: { body: ReportBody; evalId: number; reportId: number }) {
  if (body.clusters.length === 0) return <p className="empty">No losses: the candidate fails no assertion and loses no comparison.</p>;
  return (
    <div data-testid="clusters">
      {body.clusters.map((c) => (
        <div className="cluster" key={c.key} data-testid="cluster">
          <div className="row">
            <h3>
              {c.label} <span className="badge">{c.size} case{c.size === 1 ? "" : "s"}</span>
            </h3>
            <span className="spacer" />
            <a className="btn secondary small no-print" href={`/evals/${evalId}/report/cluster/${encodeURIComponent(c.key)}?snapshot=${reportId}`} download>
              Export rows as JSONL
            </a>
          </div>
          {c.examples.slice(0, 2).map((e) => (
            <div key={e.case_id}>
              <div className="example-head">
                <strong>{e.external_id}</strong> <span className="muted">({e.category})</span> — <span className="muted">{e.why.join("; ")}</span>
              </div>
              <div className="prompt">
                <pre className="text">{e.input}</pre>
              </div>
              <div className="side-by-side">
                <div className="col cand">
                  <div className="who-label">candidate{body.systems.candidate !== "candidate" ? ` · ${body.systems.candidate}` : ""}</div>
                  <pre className="text">{e.candidate ?? "(no output)"}</pre>
                </div>
                <div className="col base">
                  <div className="who-label">baseline{body.systems.baseline !== "baseline" ? ` · ${body.systems.baseline}` : ""}</div>
                  <pre className="text">{e.baseline ?? "(no output)"}</pre>
                </div>
              </div>
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

function Details({ body }: { body: ReportBody }) {
  const metricRows = body.metrics.filter((m) => m.suite !== "all");
  return (
    <>
      <h2>Human preference and agreement</h2>
      <div className="panel" data-testid="human">
        {body.human.overall ? (
          <div className="grid">
            <div className="stat">
              <div className="label">Win rate</div>
              <div className="value">{pct(body.human.overall.win_rate)}</div>
              <div className="hint">95% {ci(body.human.overall.ci95_win_rate)} · n {body.human.overall.n}</div>
            </div>
            <div className="stat">
              <div className="label">Decisive win rate</div>
              <div className="value">{pct(body.human.overall.decisive_win_rate)}</div>
              <div className="hint">
                Wilson {ci(body.human.overall.ci95_decisive)} · sign test p = {body.human.overall.p_value === null ? "—" : body.human.overall.p_value.toPrecision(3)}
              </div>
            </div>
            <div className="stat">
              <div className="label">Wins · losses · ties</div>
              <div className="value">
                {body.human.overall.wins} · {body.human.overall.losses} · {body.human.overall.ties - body.human.overall.both_bad}
              </div>
              <div className="hint">both bad: {body.human.overall.both_bad} (counted as ties)</div>
            </div>
            <div className="stat">
              <div className="label">Agreement (Krippendorff α)</div>
              <div className="value">{body.human.agreement?.alpha === null || !body.human.agreement ? "—" : body.human.agreement.alpha.toFixed(3)}</div>
              <div className="hint">
                nominal · {body.human.agreement?.n_units ?? 0} comparisons · 95% {ci(body.human.agreement?.ci95 ?? null, (v) => v.toFixed(2))}
              </div>
            </div>
          </div>
        ) : (
          <p className="muted">{body.human.note}</p>
        )}
      </div>

      <h2>LLM judge</h2>
      <div className="panel" data-testid="judge">
        {body.judge.note && <p className="notice">{body.judge.note}</p>}
        {body.judge.pairwise && (
          <p>
            Pairwise win rate {pct(body.judge.pairwise.overall.win_rate)} {ci(body.judge.pairwise.overall.ci95_win_rate)} over {body.judge.pairwise.n_verdicts} verdicts; position-consistent{" "}
            {body.judge.pairwise.position_consistent} of {body.judge.pairwise.n_verdicts} ({pct(body.judge.pairwise.position_consistency_rate)}).
          </p>
        )}
        {body.judge.faithfulness && (
          <table>
            <thead>
              <tr>
                <th>System</th>
                <th className="num">Faithfulness</th>
                <th className="num">95% interval</th>
                <th className="num">n</th>
              </tr>
            </thead>
            <tbody>
              {body.judge.faithfulness.by_system.map((f) => (
                <tr key={f.system}>
                  <td>{f.system}</td>
                  <td className="num">{pct(f.mean)}</td>
                  <td className="num">{ci(f.ci95)}</td>
                  <td className="num">{f.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <h2>Latency</h2>
      <div className="panel">
        <table data-testid="latency">
          <thead>
            <tr>
              <th>System</th>
              <th className="num">p50</th>
              <th className="num">p95</th>
              <th className="num">p99</th>
              <th className="num">n</th>
            </tr>
          </thead>
          <tbody>
            {body.latency.map((l) => (
              <tr key={l.system}>
                <td>
                  {l.system} <RoleBadge role={l.role} />
                </td>
                <td className="num">
                  {ms(l.p50)} <div className="why small muted">{ci(l.p50_ci95, (v) => `${Math.round(v)}`)}</div>
                </td>
                <td className="num">
                  {ms(l.p95)} <div className="why small muted">{ci(l.p95_ci95, (v) => `${Math.round(v)}`)}</div>
                </td>
                <td className="num">
                  {ms(l.p99)} <div className="why small muted">{ci(l.p99_ci95, (v) => `${Math.round(v)}`)}</div>
                </td>
                <td className="num">{l.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Assertions</h2>
      <div className="panel">
        {body.assertions.pending_note && <p className="notice">{body.assertions.pending_note}</p>}
        <table>
          <thead>
            <tr>
              <th>Scope</th>
              {body.assertions.by_system.map((s) => (
                <th key={s.system} className="num">
                  {s.system}
                </th>
              ))}
              <th className="num">Δ (paired)</th>
              <th className="num">95% interval</th>
            </tr>
          </thead>
          <tbody>
            {body.assertions.delta.map((d) => {
              const key = d.scope === "all" ? null : d.scope.split(" ");
              return (
                <tr key={d.scope}>
                  <td>{d.scope}</td>
                  {body.assertions.by_system.map((s) => {
                    const r = key === null ? s.overall : key[0] === "suite" ? s.by_suite[key[1]] : s.by_category[key[1]];
                    return (
                      <td key={s.system} className="num">
                        {r ? `${pct(r.rate)} (${r.passed}/${r.n})` : "—"}
                      </td>
                    );
                  })}
                  <td className="num">{d.value === null ? "—" : `${d.value > 0 ? "+" : ""}${(d.value * 100).toFixed(1)} pts`}</td>
                  <td className="num">{ci(d.ci95, (v) => `${(v * 100).toFixed(0)}`)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h2>Automated metrics by suite and category</h2>
      <div className="panel">
        {metricRows.length === 0 ? (
          <p className="empty">No automated metric applies to these cases.</p>
        ) : (
          <table data-testid="metrics">
            <thead>
              <tr>
                <th>Suite</th>
                <th>Category</th>
                <th>Shape</th>
                <th>Metric</th>
                <th className="num">{body.systems.candidate ?? "candidate"}</th>
                <th className="num">{body.systems.baseline ?? "baseline"}</th>
                <th className="num">Δ</th>
                <th className="num">n</th>
              </tr>
            </thead>
            <tbody>
              {metricRows.map((m) => (
                <tr key={`${m.suite}-${m.category}-${m.shape}-${m.metric}`}>
                  <td>{m.suite}</td>
                  <td>{m.category}</td>
                  <td>{m.shape}</td>
                  <td>{m.metric}</td>
                  <td className="num">{m.candidate === null ? "—" : m.candidate.toFixed(3)}</td>
                  <td className="num">{m.baseline === null ? "—" : m.baseline.toFixed(3)}</td>
                  <td className="num" style={{ color: m.delta === null || m.delta === 0 ? undefined : (m.delta > 0) === m.higher_is_better ? "var(--good)" : "var(--bad)" }}>
                    {m.delta === null ? "—" : `${m.delta > 0 ? "+" : ""}${m.delta.toFixed(3)}`}
                  </td>
                  <td className="num">{m.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}

export default function ReportPage() {
  const { role, eval: ev, report, newestId, signoffs } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const nav = useNavigation();
  const body = report.body as unknown as ReportBody;
  return (
    <main>
      <h1>Go / no-go report: {ev.name}</h1>
      <EvalTabs evalId={ev.id} role={role === "owner" ? "owner" : "lead"} />
      <div className="toolbar no-print">
        <Form method="post">
          <input type="hidden" name="intent" value="recompute" />
          <button className="btn secondary" type="submit" disabled={nav.state !== "idle"}>
            Recompute from current evidence
          </button>
        </Form>
        <button className="btn secondary" type="button" onClick={() => window.print()}>
          Print
        </button>
        <a className="btn secondary" href={`/evals/${ev.id}/export/report.json?snapshot=${report.id}`}>
          Report JSON
        </a>
        <a className="btn secondary" href={`/evals/${ev.id}/export/report.csv?snapshot=${report.id}`}>
          Gates CSV
        </a>
        <a className="btn secondary" href={`/evals/${ev.id}/export/judgments.csv`}>
          Judgments CSV
        </a>
        <a className="btn secondary" href={`/evals/${ev.id}/export/judgments.jsonl`}>
          Judgments JSONL
        </a>
        <a className="btn secondary" href={`/evals/${ev.id}/export/verdicts.csv`}>
          Verdicts CSV
        </a>
        <a className="btn secondary" href={`/evals/${ev.id}/export/verdicts.jsonl`}>
          Verdicts JSONL
        </a>
      </div>
      {result && "recomputed" in result && (
        <p className="ok no-print" data-testid="recomputed">
          {result.recomputed.created ? `New snapshot #${result.recomputed.id} from the current evidence.` : `The evidence has not changed: snapshot #${result.recomputed.id} stands.`}
        </p>
      )}
      <DecisionBanner body={body} report={report} newestId={newestId} />
      {body.notes.length > 0 && (
        <div className="notice" style={{ marginBottom: 16 }} data-testid="notes">
          {body.notes.map((n) => (
            <div key={n}>{n}</div>
          ))}
        </div>
      )}

      <h2>Checklist</h2>
      <div className="panel">
        <Checklist gates={body.gates} />
      </div>

      <h2>Preferences and metrics</h2>
      <Charts body={body} />

      <h2>Where the candidate loses</h2>
      <div className="panel">
        <h3 style={{ marginTop: 0, fontSize: 15 }}>Regressions and gains against the baseline (assertion pass rate; flagged beyond ±{(body.regressions.threshold * 100).toFixed(0)} pts)</h3>
        <Regressions body={body} />
      </div>
      <div className="panel">
        <h3 style={{ marginTop: 0, fontSize: 15 }}>Failure clusters, largest first</h3>
        <Clusters body={body} evalId={ev.id} reportId={report.id} />
      </div>

      <Details body={body} />

      <h2>Sign-off</h2>
      <div className="panel" data-testid="signoff">
        {signoffs.length > 0 && (
          <ul className="signoffs" data-testid="signoff-list">
            {signoffs.map((s) => (
              <li key={s.id}>
                <span className={`badge ${s.decision === "go" ? "pass" : "fail"}`}>{s.decision === "go" ? "GO" : "NO-GO"}</span> by {s.owner_name} on {s.created_at.slice(0, 16).replace("T", " ")} UTC for snapshot #{s.report_id}{" "}
                <code>{s.report_hash.slice(0, 12)}</code>
                {s.report_id !== newestId && <span className="older"> for an older snapshot: the newest is #{newestId}</span>}
                <div className="muted">“{s.note}”</div>
              </li>
            ))}
          </ul>
        )}
        {role === "owner" ? (
          <Form method="post" className="signoff-form no-print" data-testid="signoff-form">
            <input type="hidden" name="intent" value="signoff" />
            <input type="hidden" name="report_id" value={report.id} />
            <input type="hidden" name="content_hash" value={report.content_hash} />
            <div className="muted small">
              Your decision is recorded against exactly this snapshot (#{report.id}, <code>{report.content_hash.slice(0, 16)}</code>) and cannot be edited or deleted afterwards.
            </div>
            <div className="choices">
              <label>
                <input type="radio" name="decision" value="go" /> Go: ship the candidate
              </label>
              <label>
                <input type="radio" name="decision" value="no_go" defaultChecked={body.decision !== "SHIP"} /> No-go
              </label>
            </div>
            <label>
              Note
              <textarea name="note" placeholder="What the decision rests on, and any condition attached to it." />
            </label>
            {result && "error" in result && (
              <p className="error" role="alert">
                {result.error}
              </p>
            )}
            {result && "signed" in result && (
              <p className="ok" data-testid="signed">
                Recorded for snapshot #{result.signed.report_id}.
              </p>
            )}
            <div>
              <button className="btn" type="submit">
                Record sign-off
              </button>
            </div>
          </Form>
        ) : (
          signoffs.length === 0 && <p className="muted">The product owner signs go or no-go here.</p>
        )}
      </div>
    </main>
  );
}
