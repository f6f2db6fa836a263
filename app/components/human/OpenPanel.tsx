import { Form } from "@remix-run/react";
import type { HumanProgress } from "../../../db/human-report";

type System = { id: number; name: string; role: string };

/** The lead's form that opens an eval for judging (or adds to the queue): k, sample, gold, pairs. */
export function OpenPanel({ systems, progress, defaultK, busy }: { systems: System[]; progress: HumanProgress; defaultK: number; busy: boolean }) {
  const candidates = systems.filter((s) => s.role === "candidate");
  const others = systems.filter((s) => s.role !== "candidate");
  const allPairs: [System, System][] = [];
  for (const a of [...candidates, ...others]) for (const b of others) if (a.id !== b.id && !allPairs.some(([x, y]) => x.id === b.id && y.id === a.id)) allPairs.push([a, b]);
  const isDefault = (a: { role: string }, b: { role: string }) => a.role === "candidate" && b.role === "baseline";
  return (
    <div className="panel no-print">
      <h2 style={{ marginTop: 0 }}>{progress.comparisons ? "Add to the queue" : "Open for human judging"}</h2>
      <Form method="post" className="row" style={{ alignItems: "end" }}>
        <input type="hidden" name="intent" value="open" />
        <label>
          Annotators per comparison (k)
          <input name="k" type="number" min={1} max={50} defaultValue={progress.k ?? defaultK} style={{ width: 90 }} />
        </label>
        <label>
          Case limit (seeded sample; empty = all)
          <input name="case_limit" type="number" min={1} placeholder="all" style={{ width: 120 }} />
        </label>
        <label style={{ display: "flex", gap: 6, alignItems: "center", fontWeight: 400 }}>
          <input name="gold" type="checkbox" /> Use cases whose reference settles the answer as gold items
        </label>
        <fieldset style={{ border: "1px solid var(--line)", borderRadius: 6, padding: "6px 10px" }}>
          <legend style={{ fontSize: 12 }}>Pairs</legend>
          {allPairs.length === 0 && <span className="muted">Add systems first.</span>}
          {allPairs.map(([a, b]) => (
            <label key={`${a.id}:${b.id}`} style={{ display: "flex", gap: 6, fontWeight: 400 }}>
              <input type="checkbox" name="pair" value={`${a.id}:${b.id}`} defaultChecked={isDefault(a, b)} />
              {a.name} vs {b.name}
            </label>
          ))}
        </fieldset>
        <button className="btn" type="submit" disabled={busy} data-testid="open-judging">
          {progress.comparisons ? "Add comparisons" : "Open for judging"}
        </button>
      </Form>
      <p className="muted" style={{ fontSize: 13, marginBottom: 0 }}>
        Each comparison gets k blinded tasks; the first system of a pair is on the left for ⌊k/2⌋ or ⌈k/2⌉ of them, and each
        annotator's left/right counts never differ by more than one. Opening again only adds what is missing.
      </p>
    </div>
  );
}
