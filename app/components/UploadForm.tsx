import { useRef, useState } from "react";
import { useRevalidator } from "@remix-run/react";

type Result =
  | { ok: true; file: string; summary: { rows: number; inserted: number; updated: number; unchanged: number; kind: string } }
  | { ok: false; file?: string; message: string; errors: { line: number; field: string | null; reason: string }[]; totalErrors: number };

/** Uploads with XMLHttpRequest, which reports upload progress (fetch does not). */
export function UploadForm({ evalId, systems }: { evalId: number; systems: string[] }) {
  const [progress, setProgress] = useState<number | null>(null);
  const [phase, setPhase] = useState<"idle" | "uploading" | "importing">("idle");
  const [result, setResult] = useState<Result | null>(null);
  const [kind, setKind] = useState<"cases" | "outputs">("cases");
  const formRef = useRef<HTMLFormElement>(null);
  const revalidator = useRevalidator();

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/evals/${evalId}/import`);
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable) setProgress(Math.round((ev.loaded / ev.total) * 100));
    };
    xhr.upload.onload = () => setPhase("importing");
    xhr.onload = () => {
      setPhase("idle");
      try {
        setResult(JSON.parse(xhr.responseText) as Result);
      } catch {
        setResult({ ok: false, message: `the server answered ${xhr.status}`, errors: [], totalErrors: 0 });
      }
      revalidator.revalidate();
    };
    xhr.onerror = () => {
      setPhase("idle");
      setResult({ ok: false, message: "the upload failed: network error", errors: [], totalErrors: 0 });
    };
    setResult(null);
    setProgress(0);
    setPhase("uploading");
    xhr.send(data);
  }

  return (
    <div>
      <form ref={formRef} onSubmit={submit} className="row" encType="multipart/form-data">
        <label>
          File holds
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as "cases" | "outputs")}>
            <option value="cases">cases</option>
            <option value="outputs">outputs</option>
          </select>
        </label>
        {kind === "outputs" && (
          <label>
            System (unless rows name it)
            <select name="system" defaultValue="">
              <option value="">from each row's "system"</option>
              {systems.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          JSONL or CSV file
          <input type="file" name="file" accept=".jsonl,.ndjson,.json,.csv" required data-testid="upload-file" />
        </label>
        <button className="btn" type="submit" disabled={phase !== "idle"} style={{ alignSelf: "end" }}>
          Import
        </button>
      </form>
      {phase !== "idle" && (
        <div className="progress" data-testid="upload-progress" aria-live="polite">
          <div className="bar" style={{ width: `${progress ?? 0}%` }} />
          <span>{phase === "uploading" ? `Uploading… ${progress ?? 0}%` : "Validating and importing…"}</span>
        </div>
      )}
      {result?.ok && (
        <p className="ok" data-testid="import-result">
          {result.file}: {result.summary.rows} rows read — {result.summary.inserted} new, {result.summary.updated} updated,{" "}
          {result.summary.unchanged} unchanged.
        </p>
      )}
      {result && !result.ok && (
        <div className="error" data-testid="import-error" role="alert">
          <strong>{result.message}</strong>
          {result.errors.length > 0 && (
            <table className="errors">
              <thead>
                <tr>
                  <th className="num">Line</th>
                  <th>Field</th>
                  <th>Problem</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.map((e, i) => (
                  <tr key={i}>
                    <td className="num">{e.line}</td>
                    <td>{e.field ?? "—"}</td>
                    <td>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {result.totalErrors > result.errors.length && <p>… and {result.totalErrors - result.errors.length} more.</p>}
        </div>
      )}
    </div>
  );
}
