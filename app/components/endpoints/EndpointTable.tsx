import { Form } from "@remix-run/react";
import type { EndpointTest, PublicEndpoint } from "../../../judges/endpoints";
import { count } from "../format";

/** The operator's endpoints by name, with what each serves and a "test connection" button. */
export function EndpointTable({ endpoints, tested, busy }: { endpoints: PublicEndpoint[]; tested?: { name: string; result: EndpointTest }; busy: boolean }) {
  return (
    <table data-testid="endpoints">
      <thead>
        <tr>
          <th>Name</th>
          <th>Used for</th>
          <th>Models</th>
          <th>Default model</th>
          <th className="num">Token budget per run</th>
          <th>Key</th>
          <th>Connection</th>
        </tr>
      </thead>
      <tbody>
        {endpoints.map((e) => (
          <tr key={e.name} data-testid={`endpoint-${e.name}`}>
            <td>
              <strong>{e.name}</strong>
              <div className="muted small">{e.baseURL}</div>
            </td>
            <td>{e.use.join(", ")}</td>
            <td>{e.models.length ? e.models.join(", ") : <span className="muted">any the endpoint serves</span>}</td>
            <td>{e.defaultModel ?? "—"}</td>
            <td className="num">{e.budgetTokens === null ? "no cap" : count(e.budgetTokens)}</td>
            <td>{e.hasKey ? "configured" : <span className="muted">none</span>}</td>
            <td>
              <Form method="post">
                <input type="hidden" name="name" value={e.name} />
                <button className="btn secondary small" type="submit" disabled={busy} data-testid={`test-${e.name}`}>
                  Test connection
                </button>
              </Form>
              {tested?.name === e.name && (
                <div className={tested.result.ok ? "ok small" : "error small"} role="status" data-testid="test-result">
                  {tested.result.ok ? "connected" : "failed"}: {tested.result.message}
                  {tested.result.status !== null ? ` (HTTP ${tested.result.status})` : ""} in {tested.result.latencyMs} ms
                  {tested.result.models.length > 0 && <div className="muted">models: {tested.result.models.slice(0, 10).join(", ")}{tested.result.models.length > 10 ? ", …" : ""}</div>}
                </div>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
