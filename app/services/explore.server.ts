/** The explorer page's data: index refreshed, one filtered page, the page's evidence, the filter bar's choices. */
import type { Kysely } from "kysely";
import { caseEvidence } from "../../db/explore-evidence";
import { exploreFacets, explorePage, refreshExplore } from "../../db/explore";
import { getReport, latestReport } from "../../db/report-data";
import type { Database } from "../../db/types";
import type { ExploreFilters } from "../core/explore/filters";

export async function explorerData(db: Kysely<Database>, evalId: number, filters: ExploreFilters, page: { after?: number; limit: number }) {
  await refreshExplore(db, evalId);
  let clusterIds: number[] | undefined;
  let clusterNote: string | null = null;
  if (filters.cluster) {
    const report = filters.snapshot ? await getReport(db, evalId, filters.snapshot) : await latestReport(db, evalId);
    const cluster = report?.body.clusters.find((c) => c.key === filters.cluster);
    clusterIds = cluster?.case_ids ?? [];
    clusterNote = cluster ? `failure cluster “${cluster.label}” of snapshot #${report!.id}` : `no cluster “${filters.cluster}” in ${report ? `snapshot #${report.id}` : "any snapshot"}`;
  }
  const [result, facets] = await Promise.all([explorePage(db, evalId, { ...filters, clusterIds }, page), exploreFacets(db, evalId)]);
  const cases = await caseEvidence(db, evalId, result.rows.map((r) => r.case_id));
  const byId = new Map(result.rows.map((r) => [r.case_id, r]));
  return { cases: cases.map((c) => ({ ...c, row: byId.get(c.id)! })), more: result.more, next: result.rows.at(-1)?.case_id ?? null, facets, clusterNote };
}
