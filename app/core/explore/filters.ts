/**
 * The evidence explorer's filters, /evals/:evalId/explore?…, as query parameters. This is the
 * contract other pages link with (the report's gates, slices and failure clusters, a gate's excluded
 * cases). Every parameter is optional; parameters combine with AND. Unknown values are refused with
 * a 400 naming the parameter.
 *
 *   q          full-text search over the case's input, context, reference, every system's output and
 *              every annotator and judge reason (Postgres `websearch_to_tsquery('simple', q)`:
 *              words AND-ed, "quoted phrase", -excluded word; no stemming)
 *   category   the case's category, exactly
 *   suite      the case's suite, exactly
 *   shape      the case's shape, exactly
 *   tag        a tag the case carries, exactly
 *   assert     pass | fail | pending | none: the candidate's assertion verdict on the case
 *              (fail = at least one assertion fails or the output is an error; pending = an
 *              llm_rubric awaits the judge; none = no assertion or no candidate output)
 *   baseline_assert  the same for the baseline
 *   human      win | loss | tie | none: the human outcome of candidate vs baseline, from the
 *              candidate's side: the lead's adjudication when there is one, otherwise the mean
 *              of the votes (win 1, tie and both-bad ½, loss 0) above ½ is a win, below a loss,
 *              exactly ½ a tie; none = no judgment yet
 *   judge      win | loss | tie | none: the latest pairwise judge run's verdict on candidate vs
 *              baseline, from the candidate's side (an order flip is a tie)
 *   disagree   1: human and judge outcomes both known and different
 *   identical  1: candidate and baseline outputs are byte-identical after trimming (0: not)
 *   missing    1: the candidate or the baseline has no output (or an error) for the case
 *   flagged    1: an annotator flag on the case that no lead has resolved yet
 *   excluded   1: the case is excluded from the report (0: only cases not excluded)
 *   cluster    a failure cluster's key, with `snapshot`: the cases of that cluster in that report
 *   snapshot   the report snapshot id `cluster` refers to (default: the newest)
 *   case       one case's external id, exactly
 *   after      keyset cursor: the last case id of the previous page (pages go by case id)
 *   limit      cases per page, 1–100 (default 25)
 *
 * Example: /evals/3/explore?suite=target&category=adversarial&assert=fail&human=loss
 */
import { z } from "zod";

const flag = z.enum(["0", "1"]).transform((v) => v === "1");
const outcome = z.enum(["win", "loss", "tie", "none"]);
const assertion = z.enum(["pass", "fail", "pending", "none"]);
const text = (max: number) => z.string().trim().min(1).max(max);

export const ExploreFilterSchema = z
  .object({
    q: text(200),
    category: text(200),
    suite: text(200),
    shape: text(200),
    tag: text(200),
    assert: assertion,
    baseline_assert: assertion,
    human: outcome,
    judge: outcome,
    disagree: flag,
    identical: flag,
    missing: flag,
    flagged: flag,
    excluded: flag,
    cluster: text(300),
    snapshot: z.coerce.number().int().positive(),
    case: text(300),
  })
  .partial()
  .strict();

export type ExploreFilters = z.infer<typeof ExploreFilterSchema>;

export const PageSchema = z.object({
  after: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const FILTER_KEYS = Object.keys(ExploreFilterSchema.shape) as (keyof ExploreFilters)[];

/** Reads filters and page from a URL's query; empty values mean "not set". */
export function parseExploreQuery(params: URLSearchParams): { ok: true; filters: ExploreFilters; page: z.infer<typeof PageSchema> } | { ok: false; error: string } {
  const raw: Record<string, string> = {};
  const page: Record<string, string> = {};
  for (const [k, v] of params) {
    if (v.trim() === "") continue;
    if (k === "after" || k === "limit") page[k] = v;
    else raw[k] = v;
  }
  const f = ExploreFilterSchema.safeParse(raw);
  if (!f.success) {
    const issue = f.error.issues[0];
    const name = issue.code === "unrecognized_keys" ? issue.keys.join(", ") : issue.path.join(".");
    return { ok: false, error: `query parameter ${name}: ${issue.message}` };
  }
  const p = PageSchema.safeParse(page);
  if (!p.success) return { ok: false, error: `query parameter ${p.error.issues[0].path.join(".")}: ${p.error.issues[0].message}` };
  return { ok: true, filters: f.data, page: p.data };
}

/** The explorer URL for a set of filters (what the report and the gates link with). */
export function exploreHref(evalId: number, filters: Partial<Record<keyof ExploreFilters, string | number | boolean | undefined>>): string {
  const qs = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = filters[k];
    if (v === undefined || v === "" || v === false) continue;
    qs.set(k, v === true ? "1" : String(v));
  }
  const s = qs.toString();
  return `/evals/${evalId}/explore${s ? `?${s}` : ""}`;
}
