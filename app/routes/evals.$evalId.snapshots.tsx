/** An eval's report snapshots with decisions and sign-offs, and the diff of two (?a=OLDER&b=NEWER). Leads and owners. */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { dbId } from "../schemas/bounded";
import { getReport, listSignoffs } from "../../db/report-data";
import { listSnapshots } from "../../db/snapshots";
import { EvalTabs } from "../components/EvalTabs";
import { SnapshotDiff } from "../components/snapshots/SnapshotDiff";
import { SnapshotList } from "../components/snapshots/SnapshotList";
import { diffSnapshots } from "../core/report/snapshot-diff";
import reportStyles from "../report.css";
import { requireUser } from "../services/auth.server";
import { evalFromParams } from "../services/eval-route.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Snapshots · ${data?.eval.name ?? "Eval"} · Arbiter` }];

const Pick = z.object({ a: dbId("a"), b: dbId("b") });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, ["lead", "owner"]);
  const ev = await evalFromParams(params, context);
  const [snaps, signoffs] = await Promise.all([listSnapshots(context.db, ev.id), listSignoffs(context.db, ev.id)]);
  const q = new URL(request.url).searchParams;
  const pick = Pick.safeParse({ a: q.get("a"), b: q.get("b") });
  let diff = null;
  if (pick.success) {
    const [ra, rb] = await Promise.all([getReport(context.db, ev.id, pick.data.a), getReport(context.db, ev.id, pick.data.b)]);
    if (!ra || !rb) throw new Response("No such snapshot in this eval.", { status: 404 });
    // Always older → newer, whichever way round they were picked.
    const [older, newer] = ra.id <= rb.id ? [ra, rb] : [rb, ra];
    diff = { a: older.id, b: newer.id, diff: diffSnapshots(older.body, newer.body) };
  }
  return {
    role: user.role,
    eval: { id: ev.id, name: ev.name },
    rows: snaps.map((s) => ({
      id: s.id,
      created_at: new Date(s.created_at).toISOString(),
      decision: s.decision,
      pack_version: s.pack_version,
      content_hash: s.content_hash,
      created_by: s.created_by,
      signoffs: signoffs.filter((x) => x.report_id === s.id).map((x) => ({ decision: x.decision, owner_name: x.owner_name, created_at: new Date(x.created_at).toISOString(), note: x.note })),
    })),
    diff,
  };
}

export default function Snapshots() {
  const { role, eval: ev, rows, diff } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>Report snapshots: {ev.name}</h1>
      <EvalTabs evalId={ev.id} role={role === "owner" ? "owner" : "lead"} />
      <p className="muted">
        Every recompute that found changed evidence stored a snapshot; sign-offs hold for exactly one. <a href={`/evals/${ev.id}/report`}>Back to the report</a>
      </p>
      <div className="panel">
        <SnapshotList evalId={ev.id} rows={rows} a={diff?.a} b={diff?.b} />
      </div>
      {diff && (
        <>
          <h2>
            Snapshot #{diff.a} → #{diff.b}
          </h2>
          <div className="panel">
            <SnapshotDiff a={diff.a} b={diff.b} diff={diff.diff} />
          </div>
        </>
      )}
    </main>
  );
}
