/** The two outputs side by side (stacked on a phone), each read as meant, with raw and diff toggles. */
import { useMemo } from "react";
import { OutputText, wordDiff, type OutputMode } from "../output";
import type { Choice } from "./types";

export function PairView({ left, right, choice, mode, diff, images, onMode, onDiff }: {
  left: string; right: string; choice: Choice | null; mode: OutputMode; diff: boolean; images: boolean;
  onMode: (m: OutputMode) => void; onDiff: (d: boolean) => void;
}) {
  const pieces = useMemo(() => (diff ? wordDiff(left, right) : null), [diff, left, right]);
  return (
    <>
      <div className="an-toolbar" role="group" aria-label="How outputs are shown">
        <button type="button" className="an-toggle" aria-pressed={mode === "rendered" && !diff} onClick={() => (onMode("rendered"), onDiff(false))} data-testid="view-rendered">
          Formatted
        </button>
        <button type="button" className="an-toggle" aria-pressed={mode === "raw" && !diff} onClick={() => (onMode("raw"), onDiff(false))} data-testid="view-raw">
          Raw text <kbd>m</kbd>
        </button>
        <button type="button" className="an-toggle" aria-pressed={diff} onClick={() => onDiff(!diff)} data-testid="view-diff">
          Word diff <kbd>d</kbd>
        </button>
      </div>
      <div className="ab-pair">
        {(["left", "right"] as const).map((side) => (
          <section key={side} className={`panel ab-output${choice === side ? " picked" : ""}`} aria-label={side === "left" ? "Left answer" : "Right answer"} data-testid={`${side}-output`}>
            <h3>
              {side === "left" ? "Left" : "Right"} <kbd>{side === "left" ? "1" : "2"}</kbd>
            </h3>
            <div className="scroll">
              <OutputText text={side === "left" ? left : right} mode={mode} images={images} diff={pieces ? pieces[side] : null} testId={`${side}-text`} />
            </div>
          </section>
        ))}
      </div>
    </>
  );
}
