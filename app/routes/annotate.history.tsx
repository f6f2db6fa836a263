import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { judgmentHistory } from "../../db/annotator-work";
import { HistoryTable } from "../components/annotate/HistoryTable";
import annotateStyles from "../components/annotate/annotate.css";
import humanStyles from "../human.css";
import { requireUser } from "../services/auth.server";

export const meta: MetaFunction = () => [{ title: "My judgments · Arbiter" }];
export const links: LinksFunction = () => [humanStyles, annotateStyles].map((href) => ({ rel: "stylesheet", href }));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, ["annotator"]);
  return { entries: await judgmentHistory(context.db, user.id) };
}

export default function AnnotatorHistory() {
  const { entries } = useLoaderData<typeof loader>();
  return (
    <main>
      <div className="ab-top">
        <h1 style={{ margin: 0 }}>My judgments</h1>
        <nav className="an-nav">
          <Link to="/annotate">Back to my queue</Link>
        </nav>
      </div>
      <p className="sub">Your last 50 judgments, newest first. The latest can be undone while its task is still yours.</p>
      <HistoryTable entries={entries} />
    </main>
  );
}
