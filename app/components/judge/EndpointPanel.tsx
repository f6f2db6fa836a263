import { Form } from "@remix-run/react";
import type { JudgeEndpoint } from "./types";

type Result = { error: string } | { runStarted: number; jobs: number } | { probeStarted: number } | undefined;

/** The configured judge endpoint and the form that starts a run, or how to configure one. */
export function EndpointPanel({ endpoint, evalName, result, busy }: { endpoint: JudgeEndpoint; evalName: string; result: Result; busy: boolean }) {
  return (
    <>
      <h2>Judge endpoint</h2>
      {endpoint.configured ? (
        <div className="panel" data-testid="judge-configured">
          <p className="muted" style={{ marginTop: 0 }}>
            {endpoint.endpoints.length === 1 ? "Endpoint" : "Endpoints"}{" "}
            {endpoint.endpoints.map((e, i) => (
              <span key={e.name}>
                {i > 0 ? ", " : ""}
                <strong>{e.name}</strong> <code>{e.baseURL}</code>
                {e.defaultModel ? <> (default model <code>{e.defaultModel}</code>)</> : null}
              </span>
            ))}
            , configured on the server. Every pair is judged in both orders; a verdict that flips with the order counts as a tie and as position-inconsistent. Answers are cached in the database, so a re-run of the same judge makes no call for what it already has.
          </p>
          {result && "error" in result && (
            <p className="error" role="alert">
              {result.error}
            </p>
          )}
          {result && "runStarted" in result && <p className="ok">Run #{result.runStarted} started with {result.jobs} jobs.</p>}
          <Form method="post" className="row">
            <input type="hidden" name="intent" value="run" />
            <label>
              Protocol
              <select name="protocol" defaultValue="pairwise">
                <option value="pairwise">pairwise (candidate vs each baseline)</option>
                <option value="faithfulness">faithfulness (claims vs context)</option>
                <option value="rubric">rubric (llm_rubric assertions)</option>
              </select>
            </label>
            <label>
              Endpoint
              <select name="endpoint" data-testid="judge-endpoint">
                {endpoint.endpoints.map((e) => (
                  <option key={e.name} value={e.name}>
                    {e.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Model
              <input name="model" required defaultValue={endpoint.endpoints[0]?.defaultModel ?? ""} placeholder="gpt-4o-mini" list="judge-models" />
              <datalist id="judge-models">
                {[...new Set(endpoint.endpoints.flatMap((e) => e.models))].map((m) => (
                  <option key={m} value={m} />
                ))}
              </datalist>
            </label>
            <label>
              Token budget (optional)
              <input name="budget_tokens" inputMode="numeric" placeholder="e.g. 2000000" size={12} />
            </label>
            <button className="btn" type="submit" style={{ alignSelf: "end" }} disabled={busy} data-testid="start-judge">
              Start judge run
            </button>
          </Form>
        </div>
      ) : (
        <div className="panel empty" data-testid="judge-unconfigured">
          <p>
            <strong>No LLM judge is configured.</strong> That is fine: human A/B, metrics and the report work without one.
          </p>
          <p>To add a judge, start the server with an OpenAI-compatible endpoint (OpenAI, Azure OpenAI, vLLM, Ollama, LiteLLM):</p>
          <pre style={{ textAlign: "left", display: "inline-block" }}>
            {"JUDGE_BASE_URL=http://127.0.0.1:8000/v1   # the endpoint\nJUDGE_MODEL=my-judge-model                # default model\nJUDGE_API_KEY=...                         # if the endpoint needs one; never stored"}
          </pre>
          <p className="muted">
            From the command line: <code>npx arbiter judge --eval {evalName} --base-url URL --model M</code>
          </p>
        </div>
      )}
    </>
  );
}
