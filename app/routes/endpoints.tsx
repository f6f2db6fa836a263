/**
 * The judge and generation endpoints the operator configured (judges/endpoints.ts), by name, with
 * their models and budgets and a "test connection" (GET /models with the endpoint's own key; only a
 * sanitised summary comes back). Leads and owners. No URL is ever typed here.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { noNul } from "../schemas/bounded";
import { EndpointConfigError, endpointsReloadError, serverEndpoints, testEndpoint, type EndpointTest } from "../../judges/endpoints";
import { EndpointTable } from "../components/endpoints/EndpointTable";
import { recordAudit } from "../../db/audit";
import { requireUser } from "../services/auth.server";

export const meta: MetaFunction = () => [{ title: "Endpoints · Arbiter" }];

function registry() {
  try {
    return { registry: serverEndpoints(), error: null };
  } catch (err) {
    if (err instanceof EndpointConfigError) return { registry: null, error: err.message };
    throw err;
  }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, ["lead", "owner"]);
  const r = registry();
  return { endpoints: r.registry?.list() ?? [], configError: r.error, reloadError: endpointsReloadError() };
}

const TestForm = z.object({ name: z.string().trim().min(1).max(64).superRefine(noNul) });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ["lead", "owner"]);
  const form = TestForm.safeParse(Object.fromEntries(await request.formData()));
  const endpoint = form.success ? registry().registry?.get(form.data.name) : undefined;
  if (!form.success || !endpoint) return Response.json({ error: "No endpoint by that name is configured." }, { status: 404 });
  const result = await testEndpoint(endpoint);
  await recordAudit(context.db, { actorId: user.id, action: "endpoint.test", entity: "endpoint", entityId: endpoint.name, detail: { ok: result.ok, status: result.status } });
  return { tested: { name: endpoint.name, result } };
}

export default function Endpoints() {
  const { endpoints, configError, reloadError } = useLoaderData<typeof loader>();
  const result = useActionData<{ tested: { name: string; result: EndpointTest } } | { error: string }>();
  const nav = useNavigation();
  return (
    <main>
      <h1>Endpoints</h1>
      <p className="sub">The OpenAI-compatible endpoints this server may call, as the operator configured them (an edit of the endpoints file is picked up without a restart). Runs name one of these on an eval’s LLM judge or Data &amp; pack tab.</p>
      {configError && (
        <p className="error" role="alert">
          The endpoint configuration is invalid: {configError}
        </p>
      )}
      {reloadError && (
        <p className="notice" role="alert" data-testid="endpoints-reload-error">
          The endpoint configuration changed but could not be read, so the previous one is still in use: {reloadError}
        </p>
      )}
      {result && "error" in result && (
        <p className="error" role="alert">
          {result.error}
        </p>
      )}
      <div className="panel">
        {endpoints.length === 0 ? (
          <div className="empty" data-testid="no-endpoints">
            <p>
              <strong>No endpoint is configured.</strong> Human A/B, metrics and the report work without one.
            </p>
            <p className="muted">The operator lists endpoints in a JSON file named by ARBITER_ENDPOINTS_FILE (or JUDGE_BASE_URL / OPENAI_BASE_URL); see docs/security.md.</p>
          </div>
        ) : (
          <EndpointTable endpoints={endpoints} tested={result && "tested" in result ? result.tested : undefined} busy={nav.state !== "idle"} />
        )}
      </div>
    </main>
  );
}
