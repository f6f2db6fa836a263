/**
 * An in-memory model of the annotator queue's claim (migration 0008's arbiter_claim_task): the
 * slots of every comparison in queue order; each claim draws the side the annotator wants
 * (`wantedSide`: their coin, forced back at the bound), then takes, among the first CLAIM_WINDOW
 * rows they may take on that side (not judged by them, `sideForWant`), the one with the smallest
 * per-annotator random key; with none, and within the bound, the other side. Every claim is
 * submitted at once. Used to test the side
 * rules at a scale (100 annotators x 200 tasks) a database test cannot afford on this machine;
 * tests/db/human-queue.test.ts runs the real function at a smaller scale.
 */
import { CLAIM_WINDOW, needOf, planSlots, queueRng, sideForWant, shuffleInPlace, wantedSide } from "../../app/core/position-balance.ts";
import { createRng } from "../../app/core/stats/rng.ts";

export interface ModelRun {
  /** Per annotator, the candidate's side (true = left) of each task in the order served. */
  sequences: boolean[][];
  /** Per comparison, [candidate-left count, judgments]. */
  comparisons: [number, number][];
}

export function runQueueModel(opts: { seed: number; annotators: number; tasksEach: number; comparisons: number; k: number; window?: number }): ModelRun {
  const window = opts.window ?? CLAIM_WINDOW;
  const rng = queueRng(opts.seed);
  type Slot = { c: number; sideFixed: boolean; candidateLeft: boolean; preferredLeft: boolean | null; taken: boolean | null };
  const slots: Slot[] = [];
  for (let c = 0; c < opts.comparisons; c++) {
    const plans = planSlots(opts.k, rng).sort((x, y) => x.rank - y.rank);
    for (const p of plans) slots.push({ c, sideFixed: p.sideFixed, candidateLeft: p.candidateLeft, preferredLeft: p.sideFixed ? null : p.candidateLeft, taken: null });
  }
  const keyRng = createRng(`${opts.seed}:model-keys`);
  const coinRng = createRng(`${opts.seed}:model-coins`);
  const keys = Array.from({ length: opts.annotators }, () => new Map<number, number>());
  const keyOf = (a: number, i: number) => {
    let k = keys[a].get(i);
    if (k === undefined) keys[a].set(i, (k = keyRng.next()));
    return k;
  };
  const sequences: boolean[][] = Array.from({ length: opts.annotators }, () => []);
  const left = new Array(opts.annotators).fill(0);
  const judged = Array.from({ length: opts.annotators }, () => new Set<number>());
  let head = 0;
  let progress = true;
  while (progress) {
    progress = false;
    for (const a of shuffleInPlace([...Array(opts.annotators).keys()], rng)) {
      if (sequences[a].length >= opts.tasksEach) continue;
      while (head < slots.length && slots[head].taken !== null) head++;
      const l = left[a];
      const r = sequences[a].length - l;
      const want = wantedSide(l, r, coinRng.next() < 0.5);
      const windowFor = (side: boolean) => {
        const cand: number[] = [];
        for (let i = head; i < slots.length && cand.length < window; i++) {
          const s = slots[i];
          if (s.taken === null && !judged[a].has(s.c) && sideForWant(s, side) !== null) cand.push(i);
        }
        return cand;
      };
      let side = want;
      let cand = windowFor(side);
      if (!cand.length && needOf(l, r) === "any") cand = windowFor((side = !want));
      if (!cand.length) continue;
      const pick = cand.reduce((b, i) => (keyOf(a, i) < keyOf(a, b) ? i : b));
      const s = slots[pick];
      s.taken = sideForWant(s, side);
      sequences[a].push(s.taken!);
      if (s.taken) left[a]++;
      judged[a].add(s.c);
      progress = true;
    }
  }
  const comparisons: [number, number][] = Array.from({ length: opts.comparisons }, () => [0, 0]);
  for (const s of slots) {
    if (s.taken === null) continue;
    comparisons[s.c][1]++;
    if (s.taken) comparisons[s.c][0]++;
  }
  return { sequences, comparisons };
}
