/**
 * One model output, read as it was meant (see markdown.ts for the safety rules): JSON
 * pretty-printed, anything else as Markdown; or the raw text; or, when `diff` is given, the words
 * only this side has marked. Reusable wherever outputs are shown (annotator page, explorer).
 */
import { useMemo } from "react";
import { parseJsonOutput, prettyJsonHtml, renderMarkdown } from "./markdown";
import type { DiffPiece } from "./word-diff";

export type OutputMode = "rendered" | "raw";

export function OutputText({ text, mode, images = false, diff, testId }: { text: string; mode: OutputMode; images?: boolean; diff?: DiffPiece[] | null; testId?: string }) {
  const json = useMemo(() => parseJsonOutput(text), [text]);
  const html = useMemo(() => (mode === "rendered" ? (json !== null ? prettyJsonHtml(json) : renderMarkdown(text, { images })) : ""), [text, mode, images, json]);
  if (diff) {
    return (
      <pre className="out-raw out-diff" data-testid={testId} data-view="diff">
        {diff.map((p, i) => (p.kind === "only" ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
      </pre>
    );
  }
  if (mode === "raw") {
    return (
      <pre className="out-raw" data-testid={testId} data-view="raw">
        {text}
      </pre>
    );
  }
  if (json !== null) {
    return (
      <pre className="out-json hljs" data-testid={testId} data-view="json">
        <code dangerouslySetInnerHTML={{ __html: html }} />
      </pre>
    );
  }
  return <div className="out-md" data-testid={testId} data-view="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
