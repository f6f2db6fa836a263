import { OutputText as Rendered } from "../output";

/**
 * A model output on the explorer, read as it was meant through the sanitising renderer of
 * app/components/output/ (no raw HTML, no scripts, no remote images), with the raw text a click away.
 */
export function OutputText({ text, error }: { text: string | null; error: string | null }) {
  if (error) return <pre className="text error-text">error: {error}</pre>;
  if (text === null) return <pre className="text muted">(no output)</pre>;
  return (
    <>
      <Rendered text={text} mode="rendered" />
      <details className="raw">
        <summary className="small muted">raw text</summary>
        <pre className="text">{text}</pre>
      </details>
    </>
  );
}

export function InputText({ input }: { input: unknown }) {
  if (Array.isArray(input)) {
    return (
      <div className="chat">
        {(input as { role: string; content: string }[]).map((m, i) => (
          <div key={i} className={`msg ${m.role}`}>
            <span className="who-label">{m.role}</span>
            <pre className="text">{m.content}</pre>
          </div>
        ))}
      </div>
    );
  }
  return <pre className="text">{String(input)}</pre>;
}
