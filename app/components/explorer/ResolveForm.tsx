import { Form } from "@remix-run/react";

/** What a lead does about a case's open flags: fix the case (its reference), exclude it from the report, or dismiss. */
export function ResolveForm({ caseId, reference, hasOpen, excluded }: { caseId: number; reference: string | null; hasOpen: boolean; excluded: boolean }) {
  return (
    <>
      {hasOpen && (
        <Form method="post" className="resolve no-print" data-testid="resolve-form">
          <input type="hidden" name="intent" value="resolve" />
          <input type="hidden" name="case_id" value={caseId} />
          <fieldset className="row">
            <legend>Resolve the flags</legend>
            <label className="check">
              <input type="radio" name="action" value="fixed" /> fixed the case
            </label>
            <label className="check">
              <input type="radio" name="action" value="excluded" /> exclude it from the report
            </label>
            <label className="check">
              <input type="radio" name="action" value="dismissed" /> dismiss (the case is fine)
            </label>
          </fieldset>
          <label>
            Reference (edit when fixing)
            <textarea name="reference" defaultValue={reference ?? ""} rows={2} />
          </label>
          <label>
            Note (recorded)
            <input name="note" required placeholder="what was wrong, what you did" />
          </label>
          <button className="btn secondary" type="submit" data-testid="resolve-submit">
            Resolve
          </button>
        </Form>
      )}
      {excluded && (
        <Form method="post" className="no-print">
          <input type="hidden" name="intent" value="include" />
          <input type="hidden" name="case_id" value={caseId} />
          <button className="btn secondary small" type="submit">
            Take back into the report
          </button>
        </Form>
      )}
    </>
  );
}
