import { Form } from "@remix-run/react";
import type { PackVersion } from "./types";

type Result = { error: string } | { saved: { version: number; created: boolean; unchanged: boolean } } | { generateError: string } | { generateStarted: number } | undefined;

/** The eval pack: whether it is locked, the YAML/JSON editor, and its versions. */
export function PackPanel({ packs, packYaml, result }: { packs: PackVersion[]; packYaml: string; result: Result }) {
  const locked = packs[0]?.locked;
  return (
    <>
      <h2>Eval pack: metrics and gates</h2>
      <div className="panel">
        {packs.length === 0 ? (
          <p className="notice">No pack yet. Declare the gates before any result is recorded: they lock when the first judgment, verdict or report arrives.</p>
        ) : (
          <p className={locked ? "notice" : "ok"} data-testid="pack-status">
            Version {packs[0].version} “{packs[0].name}”, {packs[0].gates} gate{packs[0].gates === 1 ? "" : "s"} —{" "}
            {locked ? "locked: results exist, so saving creates a new version and the report will say the gates changed." : "not locked yet: saving replaces it."}
          </p>
        )}
        {result && "error" in result && (
          <pre className="error text" role="alert">
            {result.error}
          </pre>
        )}
        {result && "saved" in result && (
          <p className="ok">{result.saved.unchanged ? "No change." : result.saved.created ? `Saved as version ${result.saved.version}.` : `Version ${result.saved.version} updated.`}</p>
        )}
        <Form method="post">
          <input type="hidden" name="intent" value="pack" />
          <textarea className="code" name="pack" defaultValue={packYaml} aria-label="Pack" />
          <div className="row" style={{ marginTop: 8 }}>
            <label className="row">
              Format
              <select name="format" defaultValue="yaml">
                <option value="yaml">YAML</option>
                <option value="json">JSON</option>
              </select>
            </label>
            <button className="btn" type="submit">
              Save pack
            </button>
          </div>
        </Form>
        {packs.length > 1 && (
          <table style={{ marginTop: 12 }}>
            <thead>
              <tr>
                <th>Version</th>
                <th>Name</th>
                <th>Saved</th>
                <th>Locked</th>
              </tr>
            </thead>
            <tbody>
              {packs.map((p) => (
                <tr key={p.version}>
                  <td>{p.version}</td>
                  <td>{p.name}</td>
                  <td>{p.created_at}</td>
                  <td>{p.locked ? "yes" : "no"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
