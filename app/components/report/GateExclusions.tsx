import type { GateResult } from "../../core/report/gate-evaluation";
import { exclusionHref } from "../../core/report/exclusions";

/** Under a checklist row: what n counts, and the cases in scope the gate left out, each with a link to them. */
export function GateExclusions({ gate, evalId }: { gate: GateResult; evalId: number }) {
  const excluded = gate.excluded ?? [];
  if (!gate.counted && excluded.length === 0) return null;
  return (
    <div className="why" data-testid={`gate-${gate.id}-excluded`}>
      {gate.counted && <div>{gate.counted}</div>}
      {excluded.map((e) => (
        <div key={e.reason} data-testid="exclusion" data-reason={e.reason} data-count={e.count}>
          Left out: {e.text}{" "}
          {e.filter && (
            <a href={exclusionHref(evalId, e.filter)} className="no-print">
              see them
            </a>
          )}
        </div>
      ))}
    </div>
  );
}
