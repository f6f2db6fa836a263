/** The eval's guidelines (Markdown, rendered safely); before the first task, a button confirms they were read. */
import { Form } from "@remix-run/react";
import { renderMarkdown } from "../output";

export function GuidelinesPanel({ guidelines, mustConfirm, evalId, open, onToggle }: {
  guidelines: string; mustConfirm: boolean; evalId: number; open?: boolean; onToggle?: (open: boolean) => void;
}) {
  const body = <div className="out-md an-guidelines" data-testid="guidelines-text" dangerouslySetInnerHTML={{ __html: renderMarkdown(guidelines) }} />;
  if (mustConfirm) {
    return (
      <section className="panel" aria-label="Guidelines" data-testid="guidelines-gate">
        <h2 style={{ marginTop: 0 }}>Guidelines for this eval</h2>
        <p className="muted">Read these before your first task. You can open them again at any time with <kbd>g</kbd>.</p>
        {body}
        <Form method="post" style={{ marginTop: 12 }}>
          <input type="hidden" name="intent" value="read_guidelines" />
          <input type="hidden" name="eval_id" value={evalId} />
          <button type="submit" className="btn" data-testid="guidelines-read">
            I have read the guidelines: start
          </button>
        </Form>
      </section>
    );
  }
  return (
    <details className="panel an-guidelines-panel" open={open} onToggle={(e) => onToggle?.((e.target as HTMLDetailsElement).open)} data-testid="guidelines-panel">
      <summary>
        Guidelines <kbd>g</kbd>
      </summary>
      {body}
    </details>
  );
}
