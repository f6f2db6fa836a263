import { sql } from "kysely";
import type { LoaderFunctionArgs } from "@remix-run/node";

/** Liveness and readiness in one: answers 200 only when the database answers. */
export async function loader({ context }: LoaderFunctionArgs) {
  const t0 = performance.now();
  try {
    await sql`select 1`.execute(context.db);
    return Response.json({ status: "ok", db: context.dbKind, db_ms: Math.round((performance.now() - t0) * 10) / 10 });
  } catch (err) {
    context.logger.error({ err }, "healthz: database check failed");
    return Response.json({ status: "error", db: context.dbKind, error: "database unreachable" }, { status: 503 });
  }
}
