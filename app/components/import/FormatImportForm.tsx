import { useRef, useState } from "react";
import { useRevalidator } from "@remix-run/react";
import { FORMAT_CATALOG, MAPPED_FIELDS } from "../../import/formats/catalog";

type PreviewRow = { line: number; kind: string; case_id: string | null; system: string | null; text: string };
type Preview = { format: string; rows: PreviewRow[]; columns?: string[]; saved_mapping?: Record<string, string> | null; unsupported: Record<string, number> };
type Summary = {
  format: string;
  items: number;
  cases: { inserted: number; updated: number; unchanged: number };
  outputs: { inserted: number; updated: number; unchanged: number };
  judgments: number;
  verdicts: number;
  duplicate_votes: number;
  systems_created: string[];
  unsupported: Record<string, number>;
  notes: string[];
};
type Answer =
  | { ok: true; file: string; preview: Preview; summary?: undefined }
  | { ok: true; file: string; summary: Summary; preview?: undefined }
  | { ok: false; file?: string; message: string; errors: { line: number; field: string | null; reason: string }[]; totalErrors: number };

/**
 * Other tools' files: choose the format and the file, see its first rows as Arbiter will read them
 * (and, for any JSONL or CSV, map its columns to Arbiter's fields), then import all or nothing.
 */
export function FormatImportForm({ evalId, systems }: { evalId: number; systems: string[] }) {
  const [format, setFormat] = useState(FORMAT_CATALOG[0].name);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<Preview | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const revalidator = useRevalidator();
  const entry = FORMAT_CATALOG.find((f) => f.name === format)!;

  function send(previewOnly: boolean, map = mapping) {
    const form = formRef.current;
    if (!form) return;
    const data = new FormData(form);
    if (!(data.get("file") instanceof File) || !(data.get("file") as File).name) return;
    data.set("preview", previewOnly ? "1" : "0");
    if (entry.mapped && Object.keys(map).length) data.set("mapping", JSON.stringify(map));
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/evals/${evalId}/import-format`);
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable) setBusy(`Uploading… ${Math.round((ev.loaded / ev.total) * 100)}%`);
    };
    xhr.upload.onload = () => setBusy(previewOnly ? "Reading the first rows…" : "Validating and importing…");
    xhr.onload = () => {
      setBusy(null);
      let a: Answer;
      try {
        a = JSON.parse(xhr.responseText) as Answer;
      } catch {
        a = { ok: false, message: `the server answered ${xhr.status}`, errors: [], totalErrors: 0 };
      }
      if (a.ok && a.preview) {
        setPreview(a.preview);
        if (a.preview.saved_mapping && !Object.keys(map).length) setMapping(a.preview.saved_mapping);
        setAnswer(null);
      } else {
        setAnswer(a);
        if (a.ok) revalidator.revalidate();
      }
    };
    xhr.onerror = () => {
      setBusy(null);
      setAnswer({ ok: false, message: "the upload failed: network error", errors: [], totalErrors: 0 });
    };
    setBusy("Uploading…");
    xhr.send(data);
  }

  return (
    <div data-testid="format-import">
      <form ref={formRef} className="row" encType="multipart/form-data" onSubmit={(e) => (e.preventDefault(), send(false))}>
        <label>
          Format
          <select name="format" value={format} onChange={(e) => (setFormat(e.target.value), setPreview(null), setAnswer(null), setMapping({}))} data-testid="format-select">
            {FORMAT_CATALOG.map((f) => (
              <option key={f.name} value={f.name}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        {(entry.needsSystem || entry.mapped) && (
          <label>
            System of the outputs
            <select name="system" defaultValue="">
              <option value="">{entry.needsSystem ? "choose…" : "from the mapped column"}</option>
              {systems.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          File
          <input type="file" name="file" required data-testid="format-file" onChange={() => send(true, {})} />
        </label>
        <button className="btn" type="submit" disabled={busy !== null} style={{ alignSelf: "end" }} data-testid="format-import-submit">
          Import
        </button>
      </form>
      {busy && <p aria-live="polite">{busy}</p>}
      {preview && entry.mapped && preview.columns && (
        <fieldset className="panel" data-testid="mapping-form">
          <legend>Field mapping{preview.saved_mapping ? " (the one saved for this eval; changed mappings are saved on import)" : " (saved for this eval on import)"}</legend>
          <div className="row" style={{ flexWrap: "wrap" }}>
            {MAPPED_FIELDS.map(({ field, what }) => (
              <label key={field} title={what}>
                {field}
                <select
                  value={mapping[field] ?? ""}
                  data-testid={`map-${field}`}
                  onChange={(e) => {
                    const next = { ...mapping };
                    if (e.target.value) next[field] = e.target.value;
                    else delete next[field];
                    setMapping(next);
                  }}
                >
                  <option value="">{preview.columns!.includes(field) ? `(${field})` : "—"}</option>
                  {preview.columns!.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          <button type="button" className="btn secondary" onClick={() => send(true)} data-testid="mapping-preview">
            Preview with this mapping
          </button>
        </fieldset>
      )}
      {preview && (
        <div data-testid="format-preview">
          <h3 style={{ fontSize: 14 }}>First rows as Arbiter reads them</h3>
          <table className="data">
            <thead>
              <tr>
                <th className="num">line</th>
                <th>becomes</th>
                <th>case</th>
                <th>system</th>
                <th>text</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r, i) => (
                <tr key={i} className={r.kind === "error" ? "error" : undefined}>
                  <td className="num">{r.line}</td>
                  <td>{r.kind === "vote" ? "judgment / verdict" : r.kind}</td>
                  <td>{r.case_id ?? "—"}</td>
                  <td>{r.system ?? "—"}</td>
                  <td style={{ whiteSpace: "pre-wrap" }}>{r.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {Object.keys(preview.unsupported).length > 0 && <Unsupported counts={preview.unsupported} />}
        </div>
      )}
      {answer?.ok && answer.summary && (
        <div className="ok" data-testid="format-import-result">
          {answer.file}: {answer.summary.items.toLocaleString()} items — cases {answer.summary.cases.inserted} new, {answer.summary.cases.updated} updated, {answer.summary.cases.unchanged} unchanged; outputs{" "}
          {answer.summary.outputs.inserted} new, {answer.summary.outputs.updated} updated, {answer.summary.outputs.unchanged} unchanged; {answer.summary.judgments} imported judgments, {answer.summary.verdicts} imported verdicts
          {answer.summary.duplicate_votes ? ` (${answer.summary.duplicate_votes} votes already recorded)` : ""}.
          {answer.summary.systems_created.length > 0 && <div>New systems (role “other”): {answer.summary.systems_created.join(", ")}.</div>}
          {answer.summary.notes.map((n) => (
            <div key={n}>{n}</div>
          ))}
          {Object.keys(answer.summary.unsupported).length > 0 && <Unsupported counts={answer.summary.unsupported} />}
        </div>
      )}
      {answer && !answer.ok && (
        <div className="error" role="alert" data-testid="format-import-error">
          <strong>{answer.message}</strong>
          {answer.errors.length > 0 && (
            <table className="errors">
              <thead>
                <tr>
                  <th className="num">Line</th>
                  <th>Field</th>
                  <th>Problem</th>
                </tr>
              </thead>
              <tbody>
                {answer.errors.map((e, i) => (
                  <tr key={i}>
                    <td className="num">{e.line}</td>
                    <td>{e.field ?? "—"}</td>
                    <td>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {answer.totalErrors > answer.errors.length && <p>… and {answer.totalErrors - answer.errors.length} more.</p>}
        </div>
      )}
    </div>
  );
}

function Unsupported({ counts }: { counts: Record<string, number> }) {
  return (
    <p className="notice" data-testid="unsupported-asserts">
      Assert types with no Arbiter assertion, not imported:{" "}
      {Object.entries(counts)
        .map(([t, n]) => `${t} ×${n}`)
        .join(", ")}
      .
    </p>
  );
}
