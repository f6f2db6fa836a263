/**
 * The evidence explorer (leads and owners): every case of an eval, searchable and filtered, with its
 * outputs side by side, assertion results, judgments, verdicts and flags. The filter parameters are
 * documented in app/core/explore/filters.ts (the contract other pages link with).
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { dbId, noNul } from "../schemas/bounded";
import { includeCase, resolveFlags } from "../../db/explore-evidence";
import { refreshExplore } from "../../db/explore";
import { EvalTabs } from "../components/EvalTabs";
import { CaseCard } from "../components/explorer/CaseCard";
import { FilterBar } from "../components/explorer/FilterBar";
import { Pager } from "../components/explorer/Pager";
import { parseExploreQuery } from "../core/explore/filters";
import { outputStyles } from "../components/output";
import exploreStyles from "../explore.css";
import reportStyles from "../report.css";
import { requireUser } from "../services/auth.server";
import { evalFromParams } from "../services/eval-route.server";
import { explorerData } from "../services/explore.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: reportStyles },
  { rel: "stylesheet", href: exploreStyles },
  { rel: "stylesheet", href: outputStyles },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Explore · ${data?.eval.name ?? "Eval"} · Arbiter` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, ["lead", "owner"]);
  const ev = await evalFromParams(params, context);
  const url = new URL(request.url);
  const parsed = parseExploreQuery(url.searchParams);
  if (!parsed.ok) throw new Response(parsed.error, { status: 400 });
  const data = await explorerData(context.db, ev.id, parsed.filters, parsed.page);
  const nextParams = new URLSearchParams(url.searchParams);
  if (data.next !== null) nextParams.set("after", String(data.next));
  const firstParams = new URLSearchParams(url.searchParams);
  firstParams.delete("after");
  return {
    role: user.role,
    eval: { id: ev.id, name: ev.name },
    filters: parsed.filters,
    ...data,
    firstHref: parsed.page.after !== undefined ? `?${firstParams}` : null,
    nextHref: data.more ? `?${nextParams}` : null,
  };
}

const ResolveForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("resolve"),
    case_id: dbId("case_id"),
    action: z.enum(["fixed", "excluded", "dismissed"], { errorMap: () => ({ message: "choose fixed, exclude or dismiss" }) }),
    note: z.string().trim().min(1, "write a note: what was wrong and what you did").max(2000).superRefine(noNul),
    reference: z.string().max(100_000).superRefine(noNul).optional(),
  }),
  z.object({ intent: z.literal("include"), case_id: dbId("case_id") }),
]);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ["lead", "owner"]);
  const ev = await evalFromParams(params, context);
  const form = ResolveForm.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return Response.json({ error: form.error.issues[0].message }, { status: 400 });
  const f = form.data;
  if (f.intent === "include") {
    const ok = await includeCase(context.db, ev.id, f.case_id, user.id);
    await refreshExplore(context.db, ev.id);
    return ok ? { message: "The case counts in the report again." } : Response.json({ error: "That case is not excluded." }, { status: 400 });
  }
  const res = await resolveFlags(context.db, ev.id, f.case_id, f.action === "fixed" ? { action: "fixed", note: f.note, reference: f.reference } : { action: f.action, note: f.note }, user.id);
  if (!res.ok) return Response.json({ error: res.error }, { status: 404 });
  await refreshExplore(context.db, ev.id);
  return { message: f.action === "excluded" ? "Flags resolved: the case is excluded from the report." : f.action === "fixed" ? "Flags resolved: the case is fixed." : "Flags dismissed." };
}

export default function Explore() {
  const { role, eval: ev, filters, cases, facets, clusterNote, firstHref, nextHref } = useLoaderData<typeof loader>();
  const result = useActionData<{ message: string } | { error: string }>();
  return (
    <main>
      <h1>Explore the evidence: {ev.name}</h1>
      <EvalTabs evalId={ev.id} role={role === "owner" ? "owner" : "lead"} />
      {result && ("error" in result ? <p className="error" role="alert">{result.error}</p> : <p className="ok" role="status" data-testid="explore-flash">{result.message}</p>)}
      <FilterBar filters={filters} facets={facets} />
      {clusterNote && <p className="notice">Showing the {clusterNote}.</p>}
      <p className="muted small" data-testid="explore-count">
        {cases.length} case{cases.length === 1 ? "" : "s"} on this page · {facets.n} in the eval
      </p>
      {cases.length === 0 && <div className="panel empty">No case matches these filters.</div>}
      {cases.map((c) => (
        <CaseCard key={c.id} c={c} canResolve={role === "lead" || role === "owner"} />
      ))}
      <Pager firstHref={firstHref} nextHref={nextHref} />
    </main>
  );
}
