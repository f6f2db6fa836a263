import { evalFromParams } from "../services/eval-route.server";
import { EvalTabs } from "../components/EvalTabs";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { computeHumanReport, type Figure } from "../core/human-report";
import { adjudicate, OpenJudgingError, openForJudging } from "../../db/comparisons";
import { listSystems } from "../../db/evals";
import { comparisonDetails, flaggedComparisonIds, humanProgress, loadHumanData, userNames } from "../../db/human-report";
import { requireUser } from "../services/auth.server";
import humanStyles from "../human.css";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Human A/B · ${data?.eval.name ?? "Eval"} · Arbiter` }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: humanStyles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, ["lead", "owner"]);
  const ev = await evalFromParams(params, context);
  const [systems, progress, data, flagged] = await Promise.all([
    listSystems(context.db, ev.id),
    humanProgress(context.db, ev.id),
    loadHumanData(context.db, ev.id),
    flaggedComparisonIds(context.db, ev.id),
  ]);
  const report = computeHumanReport(data.judgments, data.comparisons, { seed: ev.seed, now: Date.now() });
  const disputeIds = report.disputes.slice(0, 30).map((d) => d.comparison_id);
  const [details, names] = await Promise.all([
    comparisonDetails(context.db, ev.id, [...new Set([...disputeIds, ...flagged.slice(0, 30)])]),
    userNames(context.db, report.annotators.map((a) => a.id)),
  ]);
  return {
    canEdit: user.role === "lead",
    eval: { id: ev.id, name: ev.name, overlap_k: ev.overlap_k, seed: ev.seed },
    systems: systems.map((s) => ({ id: s.id, name: s.name, role: s.role })),
    progress,
    report,
    names,
    disputeIds,
    flagged: flagged.slice(0, 30),
    details,
    n_judgments: data.judgments.length,
  };
}

const OpenForm = z.object({
  k: z.coerce.number().int().min(1, "k is at least 1").max(50, "k is at most 50"),
  case_limit: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? Number(v) : undefined))
    .refine((v) => v === undefined || (Number.isInteger(v) && v > 0), "The case limit must be a positive whole number"),
  gold: z.string().optional(),
});
const AdjudicateForm = z.object({
  comparison_id: z.coerce.number().int().positive(),
  outcome: z.enum(["a", "b", "tie", "both_bad", "clear"]),
});

type ActionData = { ok: true; message: string } | { ok: false; error: string };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ["lead"]);
  const ev = await evalFromParams(params, context);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "open") {
    const parsed = OpenForm.safeParse(Object.fromEntries(form));
    if (!parsed.success) return Response.json({ ok: false, error: parsed.error.issues[0].message } satisfies ActionData, { status: 400 });
    const pairs = form
      .getAll("pair")
      .map((v) => String(v).split(":").map(Number))
      .filter((x) => x.length === 2 && x.every((n) => Number.isInteger(n) && n > 0)) as [number, number][];
    try {
      const r = await openForJudging(context.db, ev.id, {
        k: parsed.data.k,
        caseLimit: parsed.data.case_limit,
        goldFromReference: parsed.data.gold === "on",
        pairs: pairs.length ? pairs : undefined,
        actorId: user.id,
      });
      const message =
        `Opened for judging: ${r.comparisons_created} new comparisons (${r.tasks_created} tasks), ${r.comparisons_existing} already open` +
        (r.gold ? `, ${r.gold} gold items` : "") +
        (r.left_out ? `; ${r.left_out} left out because an output is missing or failed` : "") +
        ".";
      return Response.json({ ok: true, message } satisfies ActionData);
    } catch (err) {
      if (err instanceof OpenJudgingError || err instanceof RangeError) {
        return Response.json({ ok: false, error: err.message } satisfies ActionData, { status: 400 });
      }
      throw err;
    }
  }
  if (intent === "adjudicate") {
    const parsed = AdjudicateForm.safeParse(Object.fromEntries(form));
    if (!parsed.success) return Response.json({ ok: false, error: "Pick an outcome." } satisfies ActionData, { status: 400 });
    const outcome = parsed.data.outcome === "clear" ? null : parsed.data.outcome;
    const ok = await adjudicate(context.db, ev.id, parsed.data.comparison_id, outcome, user.id);
    if (!ok) return Response.json({ ok: false, error: "No such comparison in this eval." } satisfies ActionData, { status: 404 });
    return Response.json({ ok: true, message: outcome ? "Adjudication saved." : "Adjudication cleared." } satisfies ActionData);
  }
  return Response.json({ ok: false, error: "Unknown action." } satisfies ActionData, { status: 400 });
}

const fmt = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? "–" : v.toFixed(digits));
const pct = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${Math.round(v * 100)}%`);
const ci = (c: [number, number] | null, f: (v: number) => string = (v) => v.toFixed(2)) => (c ? `[${f(c[0])}, ${f(c[1])}]` : "");
const secs = (ms: number | null) => (ms === null ? "–" : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`);

/** A horizontal bar with a 95% whisker; `ref` draws a reference line (0.5 for shares). */
function Bar({ value, ci95, min = 0, max = 1, refLine, color = "#2f5bd3" }: { value: number | null; ci95: [number, number] | null; min?: number; max?: number; refLine?: number; color?: string }) {
  const x = (v: number) => `${(100 * (Math.min(max, Math.max(min, v)) - min)) / (max - min)}%`;
  const zero = min < 0 ? 0 : min;
  return (
    <svg viewBox="0 0 100 22" preserveAspectRatio="none" role="img" aria-label={value === null ? "no value" : `value ${value.toFixed(2)}`}>
      <rect x="0" y="6" width="100%" height="10" fill="#eef1f6" />
      {value !== null && (
        <rect
          x={value >= zero ? x(zero) : x(value)}
          y="6"
          width={`${(100 * Math.abs(Math.min(max, Math.max(min, value)) - zero)) / (max - min)}%`}
          height="10"
          fill={color}
          opacity="0.85"
        />
      )}
      {refLine !== undefined && <line x1={x(refLine)} x2={x(refLine)} y1="2" y2="20" stroke="#6b7280" strokeDasharray="2 2" vectorEffect="non-scaling-stroke" />}
      {ci95 && (
        <g stroke="#111827" vectorEffect="non-scaling-stroke">
          <line x1={x(ci95[0])} x2={x(ci95[1])} y1="11" y2="11" vectorEffect="non-scaling-stroke" strokeWidth="1.5" />
          <line x1={x(ci95[0])} x2={x(ci95[0])} y1="5" y2="17" vectorEffect="non-scaling-stroke" strokeWidth="1.5" />
          <line x1={x(ci95[1])} x2={x(ci95[1])} y1="5" y2="17" vectorEffect="non-scaling-stroke" strokeWidth="1.5" />
        </g>
      )}
    </svg>
  );
}

function ChartRow({ label, figure, text, min, max, refLine, testId }: { label: string; figure: Pick<Figure, "value" | "ci95">; text: string; min?: number; max?: number; refLine?: number; testId?: string }) {
  return (
    <div className="chart-row" data-testid={testId}>
      <span className="lbl" title={label}>
        {label}
      </span>
      <Bar value={figure.value} ci95={figure.ci95} min={min} max={max} refLine={refLine} />
      <span className="val">{text}</span>
    </div>
  );
}

const OUTCOME_LABEL = (a: string, b: string): Record<string, string> => ({ a: `${a} better`, b: `${b} better`, tie: "tie", both_bad: "both bad" });

function Prompt({ input }: { input: unknown }) {
  const text = Array.isArray(input) ? (input as { role: string; content: string }[]).map((m) => `[${m.role}] ${m.content}`).join("\n\n") : String(input);
  return <pre className="text">{text}</pre>;
}

export default function HumanView() {
  const { canEdit, eval: ev, systems, progress, report, names, details, disputeIds, flagged, n_judgments } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const navigation = useNavigation();
  const name = (id: number) => names[id] ?? `#${id}`;
  const candidates = systems.filter((s) => s.role === "candidate");
  const others = systems.filter((s) => s.role !== "candidate");
  const allPairs: [typeof systems[number], typeof systems[number]][] = [];
  for (const a of [...candidates, ...others]) for (const b of others) if (a.id !== b.id && !allPairs.some(([x, y]) => x.id === b.id && y.id === a.id)) allPairs.push([a, b]);
  const isDefault = (a: { role: string }, b: { role: string }) => a.role === "candidate" && b.role === "baseline";
  const { agreement } = report;
  const maxHour = Math.max(1, ...report.throughput.per_hour.map((h) => h.n));
  const detailById = new Map(details.map((d) => [d.comparison_id, d]));

  return (
    <main>
      <h1>{ev.name}: human A/B judging</h1>
      <EvalTabs evalId={ev.id} role="lead" />
      {result && (
        <p className={result.ok ? "ok" : "error"} role={result.ok ? "status" : "alert"} data-testid="human-flash">
          {result.ok ? result.message : result.error}
        </p>
      )}

      {canEdit && (
        <div className="panel no-print">
          <h2 style={{ marginTop: 0 }}>{progress.comparisons ? "Add to the queue" : "Open for human judging"}</h2>
          <Form method="post" className="row" style={{ alignItems: "end" }}>
            <input type="hidden" name="intent" value="open" />
            <label>
              Annotators per comparison (k)
              <input name="k" type="number" min={1} max={50} defaultValue={progress.k ?? ev.overlap_k} style={{ width: 90 }} />
            </label>
            <label>
              Case limit (seeded sample; empty = all)
              <input name="case_limit" type="number" min={1} placeholder="all" style={{ width: 120 }} />
            </label>
            <label style={{ display: "flex", gap: 6, alignItems: "center", fontWeight: 400 }}>
              <input name="gold" type="checkbox" /> Use cases whose reference settles the answer as gold items
            </label>
            <fieldset style={{ border: "1px solid var(--line)", borderRadius: 6, padding: "6px 10px" }}>
              <legend style={{ fontSize: 12 }}>Pairs</legend>
              {allPairs.length === 0 && <span className="muted">Add systems first.</span>}
              {allPairs.map(([a, b]) => (
                <label key={`${a.id}:${b.id}`} style={{ display: "flex", gap: 6, fontWeight: 400 }}>
                  <input type="checkbox" name="pair" value={`${a.id}:${b.id}`} defaultChecked={isDefault(a, b)} />
                  {a.name} vs {b.name}
                </label>
              ))}
            </fieldset>
            <button className="btn" type="submit" disabled={navigation.state !== "idle"} data-testid="open-judging">
              {progress.comparisons ? "Add comparisons" : "Open for judging"}
            </button>
          </Form>
          <p className="muted" style={{ fontSize: 13, marginBottom: 0 }}>
            Each comparison gets k blinded tasks; the first system of a pair is on the left for ⌊k/2⌋ or ⌈k/2⌉ of them, and each
            annotator's left/right counts never differ by more than one. Opening again only adds what is missing.
          </p>
        </div>
      )}

      <div className="grid">
        <div className="stat">
          <div className="label">Comparisons</div>
          <div className="value" data-testid="comparisons-count">{progress.comparisons}</div>
          <div className="hint">
            {progress.complete} complete · k = {progress.k ?? "–"} · {progress.gold} gold
          </div>
        </div>
        <div className="stat">
          <div className="label">Tasks done</div>
          <div className="value" data-testid="tasks-done">
            {progress.done} / {progress.tasks}
          </div>
          <div className="hint">
            {progress.leased} leased now · {progress.expired} expired leases · {progress.open} open
          </div>
        </div>
        <div className="stat">
          <div className="label">Throughput</div>
          <div className="value">{report.throughput.last_hour}</div>
          <div className="hint">
            judgments in the last hour · {report.throughput.last_24h} in 24 h · median {secs(report.throughput.median_time_ms)} each
          </div>
        </div>
        <div className="stat">
          <div className="label">Krippendorff's α</div>
          <div className="value" data-testid="alpha">{fmt(agreement.alpha.value)}</div>
          <div className="hint">
            {ci(agreement.alpha.ci95)} over {agreement.alpha.n_units} comparisons
          </div>
        </div>
      </div>

      {n_judgments === 0 ? (
        <div className="panel empty" data-testid="human-empty">
          <strong>No judgments yet.</strong>
          {progress.comparisons ? "Annotators see these tasks in their queue now." : "Open the eval for judging to give annotators tasks."}
        </div>
      ) : (
        <>
          <h2>Throughput, judgments per hour (last 24 h)</h2>
          <div className="panel">
            <svg viewBox="0 0 240 60" width="100%" height="80" preserveAspectRatio="none" role="img" aria-label="judgments per hour">
              {report.throughput.per_hour.map((h, i) => (
                <rect key={h.hour_start} x={i * 10 + 1} y={58 - (56 * h.n) / maxHour} width={8} height={(56 * h.n) / maxHour} fill="#2f5bd3">
                  <title>{`${new Date(h.hour_start).toISOString().slice(11, 16)} UTC: ${h.n}`}</title>
                </rect>
              ))}
            </svg>
            <div className="legend">one bar per hour, the latest on the right; peak {maxHour}</div>
          </div>

          <h2>Agreement on the verdict</h2>
          <div className="panel" data-testid="agreement">
            <div className="legend">bars from 0 to 1 (negative values clip at 0); whiskers are bootstrap 95% intervals over comparisons</div>
            <ChartRow
              label="Krippendorff's α (nominal)"
              figure={agreement.alpha}
              text={`${fmt(agreement.alpha.value)} ${ci(agreement.alpha.ci95)} n=${agreement.alpha.n_units}`}
              testId="agreement-alpha"
            />
            <ChartRow
              label={`Fleiss' κ (${agreement.fleiss.n_raters} raters)`}
              figure={agreement.fleiss}
              text={agreement.fleiss.value === null ? agreement.fleiss.reason ?? "–" : `${fmt(agreement.fleiss.value)} ${ci(agreement.fleiss.ci95)} n=${agreement.fleiss.n}`}
              testId="agreement-fleiss"
            />
            <ChartRow label="Percent agreement" figure={agreement.percent} text={`${pct(agreement.percent.value)} ${ci(agreement.percent.ci95, pct)}`} />
            <h3 style={{ fontSize: 14, margin: "14px 0 4px" }}>Cohen's κ per annotator pair</h3>
            {agreement.cohen.length === 0 && <p className="muted">No two annotators have judged the same comparison yet.</p>}
            {agreement.cohen.map((c) => (
              <ChartRow
                key={`${c.a}-${c.b}`}
                label={`${name(c.a)} × ${name(c.b)}`}
                figure={c}
                text={c.value === null ? c.reason ?? "–" : `${fmt(c.value)} ${ci(c.ci95)} n=${c.n}`}
                testId="cohen-row"
              />
            ))}
          </div>

          <h2>Annotators</h2>
          <div className="panel">
            <table data-testid="annotator-table">
              <thead>
                <tr>
                  <th>Annotator</th>
                  <th className="num">Judged</th>
                  <th className="num">Median time</th>
                  <th>Agreement with the majority of the others</th>
                  <th>Gold accuracy</th>
                  <th>Share of "left" among decisive answers</th>
                </tr>
              </thead>
              <tbody>
                {report.annotators.map((a) => (
                  <tr key={a.id}>
                    <td>{name(a.id)}</td>
                    <td className="num">{a.n}</td>
                    <td className="num">{secs(a.median_time_ms)}</td>
                    <td style={{ minWidth: 180 }}>
                      <Bar value={a.majority.value} ci95={a.majority.ci95} />
                      <span className="muted" style={{ fontSize: 12 }}>
                        {a.majority.value === null ? "no majority to compare with yet" : `${pct(a.majority.value)} ${ci(a.majority.ci95, pct)} n=${a.majority.n}`}
                      </span>
                    </td>
                    <td style={{ minWidth: 150 }}>
                      <Bar value={a.gold.value} ci95={a.gold.ci95} color="#1f8a4c" />
                      <span className="muted" style={{ fontSize: 12 }}>
                        {a.gold.value === null ? "no gold item yet" : `${pct(a.gold.value)} ${ci(a.gold.ci95, pct)} n=${a.gold.n}`}
                      </span>
                    </td>
                    <td style={{ minWidth: 180 }}>
                      <Bar value={a.left_share.value} ci95={a.left_share.ci95} refLine={0.5} color="#b7791f" />
                      <span className={`muted${a.left_share.ci95 && (a.left_share.ci95[0] > 0.5 || a.left_share.ci95[1] < 0.5) ? " warn-text" : ""}`} style={{ fontSize: 12 }}>
                        {a.left_share.value === null ? "no decisive answer" : `${pct(a.left_share.value)} ${ci(a.left_share.ci95, pct)} n=${a.left_share.n}`}
                        {a.left_share.ci95 && (a.left_share.ci95[0] > 0.5 || a.left_share.ci95[1] < 0.5) ? " · position bias" : ""}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h2>Human win rates by category</h2>
          {report.winRates.map((w) => (
            <div className="panel" key={w.pair} data-testid="win-rates">
              <h3 style={{ marginTop: 0, fontSize: 15 }}>
                {w.pair}: win rate of the first over the second = (wins + ties/2) / n
              </h3>
              <div className="legend">dashed line at 0.5; whiskers are 95% intervals resampling comparisons</div>
              {w.rows.map((r) => (
                <ChartRow
                  key={r.category}
                  label={`${r.category} (n=${r.n})`}
                  figure={{ value: r.win_rate, ci95: r.ci95 }}
                  refLine={0.5}
                  text={`${fmt(r.win_rate)} ${ci(r.ci95)}`}
                />
              ))}
              <table style={{ marginTop: 10 }}>
                <thead>
                  <tr>
                    <th>Category</th>
                    <th className="num">n</th>
                    <th className="num">Wins</th>
                    <th className="num">Losses</th>
                    <th className="num">Ties</th>
                    <th className="num">Both bad</th>
                    <th className="num">Decisive win rate [Wilson 95%]</th>
                    <th className="num">Sign test p</th>
                  </tr>
                </thead>
                <tbody>
                  {w.rows.map((r) => (
                    <tr key={r.category}>
                      <td>{r.category}</td>
                      <td className="num">{r.n}</td>
                      <td className="num">{r.wins}</td>
                      <td className="num">{r.losses}</td>
                      <td className="num">{r.ties}</td>
                      <td className="num">{r.both_bad}</td>
                      <td className="num">
                        {fmt(r.decisive_win_rate)} {ci(r.ci95_decisive)}
                      </td>
                      <td className="num">{r.p_value === null ? "–" : r.p_value.toPrecision(2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}

          <h2>Comparisons in dispute ({report.disputes.length})</h2>
          <p className="sub">No strict majority among the annotators' verdicts. Your decision is recorded as the adjudicated outcome.</p>
          {report.disputes.length === 0 && <div className="panel empty">No disputes.</div>}
          {disputeIds.map((id) => {
            const d = detailById.get(id);
            if (!d) return null;
            const labels = OUTCOME_LABEL(d.system_a, d.system_b);
            return (
              <div className="panel" key={id} data-testid="dispute">
                <div className="row">
                  <strong>
                    Case {d.case_external_id} · {d.category}
                  </strong>
                  <span className="spacer" />
                  {d.adjudicated ? <span className="badge pass">adjudicated: {labels[d.adjudicated]}</span> : <span className="badge inconclusive">open</span>}
                </div>
                <details>
                  <summary>Prompt and both outputs</summary>
                  <Prompt input={d.input} />
                  <div className="dispute-texts">
                    <div>
                      <strong>{d.system_a}</strong>
                      <pre className="text">{d.text_a}</pre>
                    </div>
                    <div>
                      <strong>{d.system_b}</strong>
                      <pre className="text">{d.text_b}</pre>
                    </div>
                  </div>
                </details>
                <ul>
                  {d.judgments.map((j, i) => (
                    <li key={i}>
                      {j.annotator}: <strong>{labels[j.outcome]}</strong>
                      {j.reason ? ` · "${j.reason}"` : ""}
                    </li>
                  ))}
                </ul>
                {canEdit && (
                  <Form method="post" className="row">
                    <input type="hidden" name="intent" value="adjudicate" />
                    <input type="hidden" name="comparison_id" value={id} />
                    <select name="outcome" defaultValue={d.adjudicated ?? "a"} aria-label="Adjudicated outcome">
                      {Object.entries(labels).map(([k, v]) => (
                        <option key={k} value={k}>
                          {v}
                        </option>
                      ))}
                      <option value="clear">(clear)</option>
                    </select>
                    <button className="btn secondary" type="submit">
                      Adjudicate
                    </button>
                  </Form>
                )}
              </div>
            );
          })}
        </>
      )}

      {flagged.length > 0 && (
        <>
          <h2>Flagged as bad data ({flagged.length})</h2>
          <div className="panel">
            <table data-testid="flags">
              <thead>
                <tr>
                  <th>Case</th>
                  <th>Who</th>
                  <th>Reason</th>
                </tr>
              </thead>
              <tbody>
                {flagged.flatMap((id) => {
                  const d = detailById.get(id);
                  if (!d) return [];
                  return d.flags
                    .filter((f) => f.kind === "flag")
                    .map((f, i) => (
                      <tr key={`${id}-${i}`}>
                        <td>{d.case_external_id}</td>
                        <td>{f.annotator}</td>
                        <td>{f.reason}</td>
                      </tr>
                    ));
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </main>
  );
}
