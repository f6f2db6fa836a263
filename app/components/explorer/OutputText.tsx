/**
 * A model output on the explorer. Plain text in a <pre>: React escapes it, so a hostile output is
 * shown, never run. (Switch to the sanitising renderer of app/components/output/ once it exists.)
 */
export function OutputText({ text, error }: { text: string | null; error: string | null }) {
  if (error) return <pre className="text error-text">error: {error}</pre>;
  if (text === null) return <pre className="text muted">(no output)</pre>;
  return <pre className="text">{text}</pre>;
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
