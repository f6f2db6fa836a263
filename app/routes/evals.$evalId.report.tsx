import { evalFromParams } from "../services/eval-route.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { dbId, noNul } from "../schemas/bounded";
import { getReport, listSignoffs } from "../../db/report-data";
import { EvalTabs } from "../components/EvalTabs";
import { Charts } from "../components/report/Charts";
import { Checklist } from "../components/report/Checklist";
import { Clusters } from "../components/report/Clusters";
import { DecisionBanner } from "../components/report/DecisionBanner";
import { Details } from "../components/report/Details";
import { GateNeeds, HybridEvidence } from "../components/report/Hybrid";
import { Regressions } from "../components/report/Regressions";
import { RankingPanel } from "../components/ranking/RankingPanel";
import { SignoffPanel } from "../components/report/SignoffPanel";
import { Toolbar } from "../components/report/Toolbar";
import type { ReportBody } from "../core/report/types";
import { points } from "../components/format";
import reportStyles from "../report.css";
import { requireUser } from "../services/auth.server";
import { computeAndStoreReport } from "../services/report.server";
import { signOff } from "../services/signoff.server";
import { StaleBanner } from "../components/report/StaleBanner";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Report · ${data?.eval.name ?? "Eval"} · Arbiter` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, ["lead", "owner"]);
  const ev = await evalFromParams(params, context);
  const wanted = z.coerce.number().int().positive().max(2147483647).safeParse(new URL(request.url).searchParams.get("snapshot"));
  // Recomputed from the current evidence on every view (a new snapshot only when its content hash is
  // new), so the newest snapshot is always current and an older one is never shown as current.
  const { report: newest } = await computeAndStoreReport(context.db, ev.id, user.id);
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

const checked = z
  .string()
  .optional()
  .transform((v) => v === "on");
const SignoffForm = z.object({
  intent: z.literal("signoff"),
  report_id: dbId("report_id"),
  content_hash: z.string().regex(/^[0-9a-f]{64}$/),
  decision: z.enum(["go", "no_go"], { errorMap: () => ({ message: "choose go or no-go" }) }),
  note: z.string().trim().min(1, "write a note: what the decision rests on").max(4000).superRefine(noNul),
  older_confirm: checked,
  older_reason: z.string().max(4000).superRefine(noNul).optional().default(""),
  override_confirm: checked,
  override_reason: z.string().max(4000).superRefine(noNul).optional().default(""),
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
  const d = parsed.data;
  const out = await signOff(context.db, {
    evalId: ev.id,
    ownerId: user.id,
    reportId: d.report_id,
    contentHash: d.content_hash,
    decision: d.decision,
    note: d.note,
    older: { confirmed: d.older_confirm, reason: d.older_reason },
    override: { confirmed: d.override_confirm, reason: d.override_reason },
  });
  if (!out.ok) return Response.json({ error: out.message, code: out.code, current_id: out.current_id ?? null }, { status: out.status });
  return { signed: { id: out.id, report_id: out.report_id, override: out.override, older_snapshot: out.older_snapshot } };
}

type ActionData =
  | { error: string; code?: string; current_id?: number | null }
  | { recomputed: { id: number; created: boolean } }
  | { signed: { id: number; report_id: number; override: boolean; older_snapshot: boolean } };

export default function ReportPage() {
  const { role, eval: ev, report, newestId, signoffs } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const nav = useNavigation();
  const body = report.body as unknown as ReportBody;
  return (
    <main>
      <h1>Go / no-go report: {ev.name}</h1>
      <EvalTabs evalId={ev.id} role={role === "owner" ? "owner" : "lead"} />
      <Toolbar evalId={ev.id} reportId={report.id} busy={nav.state !== "idle"} />
      {result && "recomputed" in result && (
        <p className="ok no-print" data-testid="recomputed">
          {result.recomputed.created ? `New snapshot #${result.recomputed.id} from the current evidence.` : `The evidence has not changed: snapshot #${result.recomputed.id} stands.`}
        </p>
      )}
      <StaleBanner evalId={ev.id} reportId={report.id} currentId={newestId} />
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
        <Checklist gates={body.gates} evalId={ev.id} />
        <GateNeeds gates={body.gates} />
      </div>

      <h2>Preferences and metrics</h2>
      <Charts body={body} />
      <HybridEvidence hybrid={body.hybrid} />

      <RankingPanel ranking={body.ranking} evalId={ev.id} />

      <h2>Where the candidate loses</h2>
      <div className="panel">
        <h3 style={{ marginTop: 0, fontSize: 15 }}>Regressions and gains against the baseline (assertion pass rate; flagged beyond ±{points(body.regressions.threshold)} pts)</h3>
        <Regressions body={body} evalId={ev.id} />
      </div>
      <div className="panel">
        <h3 style={{ marginTop: 0, fontSize: 15 }}>Failure clusters, largest first</h3>
        <Clusters body={body} evalId={ev.id} reportId={report.id} />
      </div>

      <Details body={body} />

      <SignoffPanel role={role} report={report} newestId={newestId} signoffs={signoffs} reportDecision={body.decision} result={result} />
    </main>
  );
}
