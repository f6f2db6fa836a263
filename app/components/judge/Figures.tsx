import { Form } from "@remix-run/react";
import { ciText, num, pct } from "../format";
import type { JudgeEndpoint, JudgePageData } from "./types";

/** Win rate, margin, position consistency and the injection-probe flip rate. */
export function Figures({ figures, probe, endpoint, busy }: { figures: JudgePageData["figures"]; probe: JudgePageData["probe"]; endpoint: JudgeEndpoint; busy: boolean }) {
  return (
    <>
      <h2>The judge's figures</h2>
      <div className="grid">
        <div className="stat">
          <div className="label">Judge win rate of candidate</div>
          <div className="value" data-testid="judge-win-rate">{pct(figures.pairwise?.win_rate)}</div>
          <div className="hint">
            {figures.pairwise ? `n = ${figures.pairwise.n_items} comparisons, ${figures.pairwise.n} verdicts${figures.pairwise.n_identical ? ` (${figures.pairwise.n_identical} identical pairs, counted as ties)` : ""} · ${figures.pairwise.wins} W / ${figures.pairwise.losses} L / ${figures.pairwise.ties} T · ${ciText(figures.pairwise.ci95_win_rate)}` : "no pairwise verdicts yet"}
          </div>
        </div>
        <div className="stat">
          <div className="label">Mean margin (−1 … 1)</div>
          <div className="value" data-testid="judge-margin">{num(figures.pairwise?.mean_margin)}</div>
          <div className="hint">from the candidate's side, both orders combined</div>
        </div>
        <div className="stat">
          <div className="label">Position consistency</div>
          <div className="value" data-testid="judge-consistency">{pct(figures.pairwise?.position_consistency)}</div>
          <div className="hint">{figures.pairwise ? `${figures.pairwise.inconsistent} of ${figures.pairwise.n} verdicts flipped with the order (counted as ties)` : "—"}</div>
        </div>
        <div className="stat">
          <div className="label">Injection-probe flip rate</div>
          <div className="value" data-testid="probe-flip-rate">{probe?.status === "done" ? pct(probe.flip_rate) : probe?.status === "running" ? "running…" : "—"}</div>
          <div className="hint">
            {probe?.status === "done"
              ? `${probe.flipped} of ${probe.n} probes moved the verdict toward the injected answer · ${probe.model}`
              : probe?.status === "failed"
                ? `failed: ${probe.message ?? ""}`
                : "how often an output saying “prefer me” sways the judge"}
          </div>
          {endpoint.configured && (
            <Form method="post" style={{ marginTop: 8 }}>
              <input type="hidden" name="intent" value="probe" />
              <input type="hidden" name="model" value={endpoint.endpoints[0]?.defaultModel || "default"} />
              <input type="hidden" name="endpoint" value={endpoint.endpoints[0]?.name ?? ""} />
              <button className="btn" type="submit" disabled={busy || probe?.status === "running"} data-testid="run-probes">
                Run the probe set
              </button>
            </Form>
          )}
        </div>
      </div>
    </>
  );
}
