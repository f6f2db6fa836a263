/** What the data tab's loader hands its components. */
import type { listGenerationRuns } from "../../services/generate.server";

export type DataSystem = { id: number; name: string; role: string; outputs: number };
export type GenerationRun = Awaited<ReturnType<typeof listGenerationRuns>>[number];
export type PackVersion = { version: number; locked: boolean; created_at: string; name: string; gates: number };
/** An endpoint the operator configured for generation: chosen by name, never a URL (judges/endpoints.ts). */
export type GenerationEndpoint = { name: string; models: string[]; defaultModel: string | null };
