/** What the judge tab's loader hands its components. */
import type { judgeEndpoints, judgePageData } from "../../services/judge.server";

export type JudgePageData = Awaited<ReturnType<typeof judgePageData>>;
export type JudgeEndpoint = ReturnType<typeof judgeEndpoints>;
