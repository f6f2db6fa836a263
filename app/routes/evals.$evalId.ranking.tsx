import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { EvalTabs } from "../components/EvalTabs";
import { RankingPanel } from "../components/ranking/RankingPanel";
import type { ReportBody } from "../core/report/types";
import reportStyles from "../report.css";
import { requireUser } from "../services/auth.server";
import { evalFromParams } from "../services/eval-route.server";
import { currentReport } from "../services/report.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Ranking · ${data?.eval.name ?? "Eval"} · Arbiter` }];

/** The multi-system ranking of the current report snapshot, on a page of its own (leads and owners). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, ["lead", "owner"]);
  const ev = await evalFromParams(params, context);
  const report = await currentReport(context.db, ev.id, user.id);
  const body = report.body as unknown as ReportBody;
  return { role: user.role, eval: { id: ev.id, name: ev.name }, reportId: report.id, ranking: body.ranking ?? null };
}

export default function RankingPage() {
  const { role, eval: ev, reportId, ranking } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>Ranking: {ev.name}</h1>
      <EvalTabs evalId={ev.id} role={role === "owner" ? "owner" : "lead"} />
      <p style={{ color: "#555" }}>From report snapshot #{reportId}. Imported judgments and verdicts count like Arbiter's own.</p>
      <RankingPanel ranking={ranking as ReportBody["ranking"]} evalId={ev.id} always />
    </main>
  );
}
