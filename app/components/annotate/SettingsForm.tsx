/** The lead's per-eval annotation settings: guidelines, criteria and scale, display, who may annotate. */
import { Form } from "@remix-run/react";
import type { AnnotationSettings } from "../../../db/annotator-work";
import { renderMarkdown } from "../output";

export function SettingsForm({ settings, annotators, busy }: { settings: AnnotationSettings; annotators: { id: number; name: string; email: string; disabled: boolean }[]; busy: boolean }) {
  const s = settings;
  return (
    <Form method="post" className="panel an-settings" data-testid="annotation-settings">
      <h2 style={{ marginTop: 0 }}>Guidelines</h2>
      <label>
        <span>Markdown, shown to annotators in a panel; they must open them before their first task. Changing them asks everyone to read them again.</span>
        <textarea name="guidelines" rows={10} defaultValue={s.guidelines} maxLength={20000} data-testid="guidelines-input" />
      </label>
      {s.guidelines && (
        <details>
          <summary>Preview of the saved guidelines</summary>
          <div className="out-md" dangerouslySetInnerHTML={{ __html: renderMarkdown(s.guidelines) }} />
        </details>
      )}

      <h2>Criteria and scale</h2>
      <label>
        <span>One criterion per line (up to 20). Annotators rate each answer on every criterion.</span>
        <textarea name="criteria" rows={5} defaultValue={s.criteria.join("\n")} data-testid="criteria-input" />
      </label>
      <div className="an-scale">
        <label>
          <span>Lowest</span>
          <input name="scale_min" type="number" min={0} max={9} defaultValue={s.rating_scale.min} required />
        </label>
        <label>
          <span>means</span>
          <input name="scale_low" defaultValue={s.rating_scale.low} maxLength={40} required />
        </label>
        <label>
          <span>Highest</span>
          <input name="scale_max" type="number" min={1} max={9} defaultValue={s.rating_scale.max} required data-testid="scale-max" />
        </label>
        <label>
          <span>means</span>
          <input name="scale_high" defaultValue={s.rating_scale.high} maxLength={40} required />
        </label>
      </div>

      <h2>How outputs are shown</h2>
      <label className="check">
        <input type="checkbox" name="show_images" defaultChecked={s.show_images} data-testid="show-images" /> Load images in outputs (off: a placeholder names the address; images can track who viewed them)
      </label>
      <label className="check">
        <input type="checkbox" name="context_open" defaultChecked={s.context_open} data-testid="context-open" /> Context open on every task (otherwise it opens by itself when the prompt refers to it)
      </label>

      <h2>Who annotates this eval</h2>
      <p className="muted">Tick none and every annotator may work on it; tick some and only they get its tasks.</p>
      <div className="an-assign">
        {annotators.map((a) => (
          <label key={a.id} className="check">
            <input type="checkbox" name="assigned" value={a.id} defaultChecked={s.assigned.includes(a.id)} data-testid={`assign-${a.email}`} /> {a.name} <span className="muted">{a.email}{a.disabled ? " (disabled)" : ""}</span>
          </label>
        ))}
        {!annotators.length && <p className="muted">No annotator accounts yet.</p>}
      </div>
      <div className="ab-actions">
        <button type="submit" className="btn" disabled={busy} data-testid="save-settings">
          Save
        </button>
      </div>
    </Form>
  );
}
