import { Form } from "@remix-run/react";
import type { DataSystem, GenerationEndpoint, GenerationRun } from "./types";

/** The form that generates missing outputs from an endpoint, and the generation runs so far. */
export function GeneratePanel({ systems, runs, endpoints, error }: { systems: DataSystem[]; runs: GenerationRun[]; endpoints: GenerationEndpoint[]; error?: string }) {
  return (
    <>
      <h2>Generate outputs from an endpoint</h2>
      <div className="panel">
        <p className="muted">
          Calls any OpenAI-compatible endpoint (OpenAI, Azure OpenAI, vLLM, Ollama, LiteLLM) for every case the system has no output for, or whose output
          failed. Endpoints and their keys are configured by whoever runs the server and chosen here by name; endpoint errors are recorded on the outputs as a status and a short message.
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <Form method="post" className="row">
          <input type="hidden" name="intent" value="generate" />
          <label>
            System
            <select name="system">
              {systems.map((s) => (
                <option key={s.id} value={s.name}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Endpoint
            <select name="endpoint" data-testid="generate-endpoint">
              {endpoints.map((e) => (
                <option key={e.name} value={e.name}>
                  {e.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Model
            <input name="model" required placeholder="my-finetune-7b" list="generate-models" defaultValue={endpoints[0]?.defaultModel ?? ""} />
            <datalist id="generate-models">
              {[...new Set(endpoints.flatMap((e) => e.models))].map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          </label>
          <button className="btn" type="submit" style={{ alignSelf: "end" }} disabled={systems.length === 0 || endpoints.length === 0}>
            Generate
          </button>
        </Form>
        {runs.length > 0 && (
          <table style={{ marginTop: 12 }} data-testid="generation-runs">
            <thead>
              <tr>
                <th>Started</th>
                <th>System</th>
                <th>Model</th>
                <th>Progress</th>
                <th className="num">Errors</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td>{r.started_at}</td>
                  <td>{r.system}</td>
                  <td>{r.model}</td>
                  <td style={{ minWidth: 180 }}>
                    <div className="progress" style={{ marginTop: 0, height: 20 }}>
                      <div className="bar" style={{ width: `${r.total ? (100 * r.done) / r.total : 100}%` }} />
                      <span style={{ lineHeight: "20px" }}>
                        {r.done}/{r.total}
                      </span>
                    </div>
                  </td>
                  <td className="num">{r.errors}</td>
                  <td>{r.status === "failed" ? `failed: ${r.message ?? ""}` : r.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
