import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { EvalTabs } from "../components/EvalTabs";
import { Agreement } from "../components/human/Agreement";
import { AnnotatorTable } from "../components/human/AnnotatorTable";
import { Disputes } from "../components/human/Disputes";
import { FlagsTable } from "../components/human/FlagsTable";
import { HybridPanel } from "../components/human/Hybrid";
import { OpenPanel } from "../components/human/OpenPanel";
import { ProgressStats } from "../components/human/ProgressStats";
import { SideRatings } from "../components/human/SideRatings";
import { SliceFirstPanel } from "../components/human/SliceFirstPanel";
import { Throughput } from "../components/human/Throughput";
import { WinRates } from "../components/human/WinRates";
import { requireUser } from "../services/auth.server";
import { evalFromParams } from "../services/eval-route.server";
import { humanTabAction, humanTabData, type HumanTabActionData } from "../services/human-tab.server";
import humanStyles from "../human.css";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Human A/B · ${data?.eval.name ?? "Eval"} · Arbiter` }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: humanStyles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, ["lead", "owner"]);
  const ev = await evalFromParams(params, context);
  return { canEdit: user.role === "lead", ...(await humanTabData(context.db, ev)) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ["lead"]);
  const ev = await evalFromParams(params, context);
  const { data, status } = await humanTabAction(context.db, ev.id, user.id, await request.formData());
  return Response.json(data satisfies HumanTabActionData, { status });
}

export default function HumanView() {
  const { canEdit, eval: ev, systems, progress, report, names, details, disputeIds, flagged, n_judgments, hybrid, sliceFirst, sideRatings } = useLoaderData<typeof loader>();
  const result = useActionData<HumanTabActionData>();
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
          <SideRatings pairs={sideRatings} />
          <HybridPanel data={hybrid} k={ev.overlap_k} />
          <Disputes disputes={report.disputes} ids={disputeIds} detailById={detailById} canEdit={canEdit} />
        </>
      )}
      {flagged.length > 0 && <FlagsTable flagged={flagged} detailById={detailById} />}
    </main>
  );
}
