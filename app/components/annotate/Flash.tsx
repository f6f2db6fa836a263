/** The confirmation after each submit, skip or undo, with an undo button after a submit. */
import { Form } from "@remix-run/react";

export type FlashData = { ok: true; message: string; undo?: boolean; at: number } | { ok: false; error: string; at: number };

export function Flash({ flash, evalId }: { flash: FlashData | undefined; evalId: number | null }) {
  if (!flash) return null;
  return (
    <div className={`an-flash ${flash.ok ? "ok" : "error"}`} role={flash.ok ? "status" : "alert"} data-testid="flash" key={flash.at}>
      <span>{flash.ok ? flash.message : flash.error}</span>
      {flash.ok && flash.undo && (
        <Form method="post" replace>
          <input type="hidden" name="intent" value="undo" />
          {evalId !== null && <input type="hidden" name="eval_id" value={evalId} />}
          <button type="submit" className="btn secondary an-undo" data-testid="undo">
            Undo <kbd>u</kbd>
          </button>
        </Form>
      )}
    </div>
  );
}
