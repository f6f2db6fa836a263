import { evalFromParams } from "../services/eval-route.server";
import { EvalTabs } from "../components/EvalTabs";
import { Agreement } from "../components/human/Agreement";
import { AnnotatorTable } from "../components/human/AnnotatorTable";
import { Disputes } from "../components/human/Disputes";
import { FlagsTable } from "../components/human/FlagsTable";
import { OpenPanel } from "../components/human/OpenPanel";
import { ProgressStats } from "../components/human/ProgressStats";
import { Throughput } from "../components/human/Throughput";
import { WinRates } from "../components/human/WinRates";
import { HybridPanel } from "../components/human/Hybrid";
import { humanTabHybrid } from "../services/hybrid.server";
import { SliceFirstPanel } from "../components/human/SliceFirstPanel";
import { setSliceFirst } from "../services/slice-first.server";
import { listAllocations, queuePriorityEnabled } from "../../db/queue-priority";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { dbId, noNul } from "../schemas/bounded";
import { computeHumanReport } from "../core/human-report";
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
  const [systems, progress, data, flagged, hybrid, sliceFirstOn, allocations] = await Promise.all([
    listSystems(context.db, ev.id),
    humanProgress(context.db, ev.id),
    loadHumanData(context.db, ev.id),
    flaggedComparisonIds(context.db, ev.id),
    humanTabHybrid(context.db, ev.id),
    queuePriorityEnabled(context.db, ev.id),
    listAllocations(context.db, ev.id),
  ]);
  const report = computeHumanReport(data.judgments, data.comparisons, { seed: ev.seed, now: Date.now(), identicalPairs: data.identicalPairs });
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
    hybrid,
    sliceFirst: {
      enabled: sliceFirstOn,
      allocations: allocations.slice(0, 20).map((a) => ({
        id: a.id,
        at: a.created_at.toISOString(),
        enabled: a.enabled,
        gates: a.slices.map((s) => s.gate),
        cases_first: a.case_ids.length,
        tasks_moved: a.tasks_moved,
        reason: a.reason,
        fractions: a.fractions,
      })),
    },
  };
}

const OpenForm = z.object({
  k: z.coerce.number().int().min(1, "k is at least 1").max(50, "k is at most 50"),
  case_limit: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? Number(v) : undefined))
    .refine((v) => v === undefined || (Number.isInteger(v) && v > 0), "The case limit must be a positive whole number"),
  gold: z.string().superRefine(noNul).optional(),
});
// No outcome is preselected on the form, and none is assumed here: a submission without one is refused.
const AdjudicateForm = z.object({
  comparison_id: dbId("comparison_id"),
  outcome: z.enum(["a", "b", "tie", "both_bad", "clear"], { errorMap: () => ({ message: "Choose an outcome: nothing is preselected." }) }),
});

const SliceFirstForm = z.object({ enabled: z.enum(["on", "off"], { errorMap: () => ({ message: "enabled must be on or off" }) }) });

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
        (r.identical ? `; ${r.identical} identical pairs left out (counted as ties, nobody is asked)` : "") +
        ".";
      return Response.json({ ok: true, message } satisfies ActionData);
    } catch (err) {
      if (err instanceof OpenJudgingError || err instanceof RangeError) {
        return Response.json({ ok: false, error: err.message } satisfies ActionData, { status: 400 });
      }
      throw err;
    }
  }
  if (intent === "slice-first") {
    const parsed = SliceFirstForm.safeParse(Object.fromEntries(form));
    if (!parsed.success) return Response.json({ ok: false, error: parsed.error.issues[0].message } satisfies ActionData, { status: 400 });
    const on = parsed.data.enabled === "on";
    const row = await setSliceFirst(context.db, ev.id, on, user.id);
    const moved = row ? ` (${row.tasks_moved} unfinished tasks reordered; allocation #${row.id})` : "";
    return Response.json({ ok: true, message: on ? `Slices that need data are served first${moved}.` : `Seeded order restored${moved}.` } satisfies ActionData);
  }
  if (intent === "adjudicate") {
    const parsed = AdjudicateForm.safeParse(Object.fromEntries(form));
    if (!parsed.success) return Response.json({ ok: false, error: "Choose an outcome: nothing is preselected." } satisfies ActionData, { status: 400 });
    const outcome = parsed.data.outcome === "clear" ? null : parsed.data.outcome;
    const ok = await adjudicate(context.db, ev.id, parsed.data.comparison_id, outcome, user.id);
    if (!ok) return Response.json({ ok: false, error: "No such comparison in this eval." } satisfies ActionData, { status: 404 });
    return Response.json({ ok: true, message: outcome ? "Adjudication saved." : "Adjudication cleared." } satisfies ActionData);
  }
  return Response.json({ ok: false, error: "Unknown action." } satisfies ActionData, { status: 400 });
}

export default function HumanView() {
  const { canEdit, eval: ev, systems, progress, report, names, details, disputeIds, flagged, n_judgments, hybrid, sliceFirst } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const navigation = useNavigation();
  const name = (id: number) => names[id] ?? `#${id}`;
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

      {canEdit && <OpenPanel systems={systems} progress={progress} defaultK={ev.overlap_k} busy={navigation.state !== "idle"} />}
      <ProgressStats progress={progress} report={report} />
      {progress.comparisons > 0 && <SliceFirstPanel data={sliceFirst} canEdit={canEdit} busy={navigation.state !== "idle"} />}
      {n_judgments === 0 ? (
        <div className="panel empty" data-testid="human-empty">
          <strong>No judgments yet.</strong>
          {progress.comparisons ? "Annotators see these tasks in their queue now." : "Open the eval for judging to give annotators tasks."}
        </div>
      ) : (
        <>
          <Throughput throughput={report.throughput} />
          <Agreement agreement={report.agreement} name={name} />
          <AnnotatorTable annotators={report.annotators} name={name} />
          <WinRates winRates={report.winRates} />
          <HybridPanel data={hybrid} k={ev.overlap_k} />
          <Disputes disputes={report.disputes} ids={disputeIds} detailById={detailById} canEdit={canEdit} />
        </>
      )}
      {flagged.length > 0 && <FlagsTable flagged={flagged} detailById={detailById} />}
    </main>
  );
}
