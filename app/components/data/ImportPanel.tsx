import { FormatImportForm } from "../import/FormatImportForm";
import { UploadForm } from "../UploadForm";

/** The file formats accepted and the upload form for cases and outputs. */
export function ImportPanel({ evalId, systems }: { evalId: number; systems: string[] }) {
  return (
    <>
      <h2>Import cases or outputs</h2>
      <div className="panel">
        <p className="muted">
          One JSON object per line (JSONL) or CSV with a header. Cases: <code>id, input, context, reference, category, suite, shape, tags, assertions</code>. Outputs:{" "}
          <code>case_id, system, text, latency_ms, prompt_tokens, completion_tokens, logprobs, error</code>. A file with any invalid row is refused whole, with
          every bad line listed; re-importing the same ids updates those rows.
        </p>
        <p className="muted small">
          Examples: <a href="/examples/cases.jsonl">cases.jsonl</a> · <a href="/examples/outputs.jsonl">outputs.jsonl</a> · <a href="/examples/pack.yaml">pack.yaml</a> (the demo eval’s own files).
        </p>
        <UploadForm evalId={evalId} systems={systems} />
      </div>
      <h2>Import from another tool</h2>
      <div className="panel">
        <p className="muted">
          AlpacaEval, MT-bench, Chatbot Arena, promptfoo, lm-evaluation-harness and OpenAI Evals files, or any JSONL or CSV with a field mapping. Judgments and
          verdicts in them are imported as such, marked imported (by whom, when; not blinded by Arbiter). All or nothing, as above.
        </p>
        <FormatImportForm evalId={evalId} systems={systems} />
      </div>
    </>
  );
}
