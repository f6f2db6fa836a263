/**
 * The lead's human A/B tab as a service: what its loader shows and what its actions do (open for
 * judging, adjudicate, slice-first serving), so the route stays a thin parse-call-render module.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { computeHumanReport } from "../core/human-report";
import { sideRatingSummary } from "../core/side-ratings";
import { dbId, noNul } from "../schemas/bounded";
import { adjudicate, OpenJudgingError, openForJudging } from "../../db/comparisons";
import { listSystems } from "../../db/evals";
import { comparisonDetails, flaggedComparisonIds, humanProgress, loadHumanData, sideRatingVotes, userNames } from "../../db/human-report";
import { listAllocations, queuePriorityEnabled } from "../../db/queue-priority";
import type { Database } from "../../db/types";
import { humanTabHybrid } from "./hybrid.server";
import { setSliceFirst } from "./slice-first.server";

interface TabEval {
  id: number;
  name: string;
  overlap_k: number;
  seed: number;
}

export async function humanTabData(db: Kysely<Database>, ev: TabEval) {
  const [systems, progress, data, flagged, hybrid, sliceFirstOn, allocations, sideVotes] = await Promise.all([
    listSystems(db, ev.id),
    humanProgress(db, ev.id),
    loadHumanData(db, ev.id),
    flaggedComparisonIds(db, ev.id),
    humanTabHybrid(db, ev.id),
    queuePriorityEnabled(db, ev.id),
    listAllocations(db, ev.id),
    sideRatingVotes(db, ev.id),
  ]);
  const report = computeHumanReport(data.judgments, data.comparisons, { seed: ev.seed, now: Date.now(), identicalPairs: data.identicalPairs });
  const disputeIds = report.disputes.slice(0, 30).map((d) => d.comparison_id);
  const [details, names] = await Promise.all([
    comparisonDetails(db, ev.id, [...new Set([...disputeIds, ...flagged.slice(0, 30)])]),
    userNames(db, report.annotators.map((a) => a.id)),
  ]);
  return {
    eval: { id: ev.id, name: ev.name, overlap_k: ev.overlap_k, seed: ev.seed },
    systems: systems.map((s) => ({ id: s.id, name: s.name, role: s.role })),
    progress,
    report,
    names,
    disputeIds,
    flagged: flagged.slice(0, 30),
    details,
    n_judgments: data.judgments.length,
    hybrid,
    sideRatings: sideRatingSummary(sideVotes.votes, sideVotes.criteria),
    sliceFirst: {
      enabled: sliceFirstOn,
      allocations: allocations.slice(0, 20).map((a) => ({
        id: a.id,
        at: a.created_at.toISOString(),
        enabled: a.enabled,
        gates: a.slices.map((s) => s.gate),
        cases_first: a.case_ids.length,
        tasks_moved: a.tasks_moved,
        reason: a.reason,
        fractions: a.fractions,
      })),
    },
  };
}

const OpenForm = z.object({
  k: z.coerce.number().int().min(1, "k is at least 1").max(50, "k is at most 50"),
  case_limit: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? Number(v) : undefined))
    .refine((v) => v === undefined || (Number.isInteger(v) && v > 0), "The case limit must be a positive whole number"),
  gold: z.string().superRefine(noNul).optional(),
});
// No outcome is preselected on the form, and none is assumed here: a submission without one is refused.
const AdjudicateForm = z.object({
  comparison_id: dbId("comparison_id"),
  outcome: z.enum(["a", "b", "tie", "both_bad", "clear"], { errorMap: () => ({ message: "Choose an outcome: nothing is preselected." }) }),
});
const SliceFirstForm = z.object({ enabled: z.enum(["on", "off"], { errorMap: () => ({ message: "enabled must be on or off" }) }) });

export type HumanTabActionData = { ok: true; message: string } | { ok: false; error: string };

export async function humanTabAction(db: Kysely<Database>, evalId: number, actorId: number, form: FormData): Promise<{ data: HumanTabActionData; status: number }> {
  const intent = form.get("intent");
  const fail = (error: string, status = 400) => ({ data: { ok: false as const, error }, status });
  const ok = (message: string) => ({ data: { ok: true as const, message }, status: 200 });
  if (intent === "open") {
    const parsed = OpenForm.safeParse(Object.fromEntries(form));
    if (!parsed.success) return fail(parsed.error.issues[0].message);
    const pairs = form
      .getAll("pair")
      .map((v) => String(v).split(":").map(Number))
      .filter((x) => x.length === 2 && x.every((n) => Number.isInteger(n) && n > 0)) as [number, number][];
    try {
      const r = await openForJudging(db, evalId, {
        k: parsed.data.k,
        caseLimit: parsed.data.case_limit,
        goldFromReference: parsed.data.gold === "on",
        pairs: pairs.length ? pairs : undefined,
        actorId,
      });
      return ok(
        `Opened for judging: ${r.comparisons_created} new comparisons (${r.tasks_created} tasks), ${r.comparisons_existing} already open` +
          (r.gold ? `, ${r.gold} gold items` : "") +
          (r.left_out ? `; ${r.left_out} left out because an output is missing or failed` : "") +
          (r.identical ? `; ${r.identical} identical pairs left out (counted as ties, nobody is asked)` : "") +
          ".",
      );
    } catch (err) {
      if (err instanceof OpenJudgingError || err instanceof RangeError) return fail(err.message);
      throw err;
    }
  }
  if (intent === "adjudicate") {
    const parsed = AdjudicateForm.safeParse(Object.fromEntries(form));
    if (!parsed.success) return fail("Choose an outcome: nothing is preselected.");
    const outcome = parsed.data.outcome === "clear" ? null : parsed.data.outcome;
    if (!(await adjudicate(db, evalId, parsed.data.comparison_id, outcome, actorId))) return fail("No such comparison in this eval.", 404);
    return ok(outcome ? "Adjudication saved." : "Adjudication cleared.");
  }
  if (intent === "slice-first") {
    const parsed = SliceFirstForm.safeParse(Object.fromEntries(form));
    if (!parsed.success) return fail(parsed.error.issues[0].message);
    const on = parsed.data.enabled === "on";
    const row = await setSliceFirst(db, evalId, on, actorId);
    const moved = row ? ` (${row.tasks_moved} unfinished tasks reordered; allocation #${row.id})` : "";
    return ok(on ? `Slices that need data are served first${moved}.` : `Seeded order restored${moved}.`);
  }
  return fail("Unknown action.");
}
