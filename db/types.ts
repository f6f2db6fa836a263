/**
 * The one declaration of the database's types. Every migration in db/migrations must leave the
 * schema matching this file.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

export type Role = "annotator" | "lead" | "owner";
export const ROLES: readonly Role[] = ["annotator", "lead", "owner"] as const;

/** A timestamp the database fills in by default (now()). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A timestamp the writer must give. */
type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb: written as a JSON string (works on pg and PGlite alike), read back parsed. */
type Json<T> = ColumnType<T, string, string>;

export type ChatMessage = { role: "system" | "user" | "assistant" | "tool"; content: string };
export type CaseInput = string | ChatMessage[];

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  created_at: Timestamp;
  disabled_at: NullableTimestamp;
}

export interface SessionsTable {
  /** sha256 of the cookie's token: a leaked table row cannot be replayed as a cookie. */
  id: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: RequiredTimestamp;
}

export interface EvalsTable {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  overlap_k: Generated<number>;
  seed: number;
  /** Criteria annotators rate quickly beside their verdict. */
  criteria: Json<string[]>;
  /** Annotation guidelines (Markdown), shown to annotators before their first task (0008). */
  guidelines: Generated<string>;
  /** The scale of every criterion rating (0008). */
  rating_scale: ColumnType<RatingScale, string | undefined, string>;
  /** Whether images in outputs may load on the annotator's page (0008). */
  show_images: Generated<boolean>;
  /** Whether the context panel starts open (0008). */
  context_open: Generated<boolean>;
  /** Serve first the comparisons of slices whose human gates need data (0014). */
  queue_priority: Generated<boolean>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface RatingScale {
  min: number;
  max: number;
  low: string;
  high: string;
}

export type SystemRole = "candidate" | "baseline" | "other";

export interface SystemsTable {
  id: Generated<number>;
  eval_id: number;
  name: string;
  role: SystemRole;
  created_at: Timestamp;
}

export interface CasesTable {
  id: Generated<number>;
  eval_id: number;
  external_id: string;
  input: Json<CaseInput>;
  context: string | null;
  reference: string | null;
  category: string;
  suite: string;
  shape: string;
  tags: Json<string[]>;
  assertions: Json<unknown[]>;
  content_hash: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OutputsTable {
  id: Generated<number>;
  case_id: number;
  system_id: number;
  text: string | null;
  latency_ms: number | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  logprobs: Json<number[] | null> | null;
  error: string | null;
  source: "import" | "generate" | "demo";
  content_hash: string | null;
  /** Every assistant turn of a multi-turn output; text holds the last (migration 0011). */
  turns: Json<string[] | null> | null;
  /** Per-sample metrics from the harness that produced the output (migration 0011). */
  metrics: Json<Record<string, unknown> | null> | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Sign-in failures per account or client address (migration 0009; db/login-throttle.ts). */
export interface LoginThrottleTable {
  key: string;
  failures: Generated<number>;
  window_start: Generated<Date>;
  locked_until: Date | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  detail: Json<Record<string, unknown>>;
}

export interface PackVersionsTable {
  id: Generated<number>;
  eval_id: number;
  version: number;
  body: Json<unknown>;
  content_hash: string;
  source_format: Generated<string>;
  created_by: number | null;
  created_at: Timestamp;
  /** Set when the first judgment, verdict or report of the eval is recorded (DESIGN rule 1). */
  locked_at: NullableTimestamp;
}

export interface GenerationRunsTable {
  id: Generated<number>;
  eval_id: number;
  system_id: number;
  model: string;
  base_url: string;
  status: "running" | "done" | "failed";
  total: Generated<number>;
  done: Generated<number>;
  errors: Generated<number>;
  message: string | null;
  created_by: number | null;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
}

/** a = system_a (the candidate side), b = system_b. */
export type PairOutcome = "a" | "b" | "tie" | "both_bad";

export interface ComparisonsTable {
  id: Generated<number>;
  eval_id: number;
  case_id: number;
  system_a_id: number;
  system_b_id: number;
  target_k: number;
  gold_answer: "a" | "b" | "tie" | null;
  adjudicated: PairOutcome | null;
  adjudicated_by: number | null;
  created_at: Timestamp;
}

export interface TasksTable {
  id: Generated<string>;
  eval_id: number;
  comparison_id: number;
  slot: number;
  /** The side of system_a (the candidate): fixed at creation, or for a free slot decided and recorded at claim. */
  candidate_left: boolean;
  /** False for the one free slot of an odd k (migration 0003). */
  side_fixed: Generated<boolean>;
  /** Seeded side a free slot takes when the claiming annotator is balanced. */
  preferred_left: boolean | null;
  /** Serving order within the eval; rewritten by a slice-first reorder (0014). */
  queue_pos: Generated<number>;
  /** The position the seeded shuffle gave the task; never rewritten (0014). */
  seed_pos: number | null;
  /** 0 served first (or nothing is), 1 the rest: the claim draws within the lowest band in its window (0014). */
  band: Generated<number>;
  status: Generated<"open" | "leased" | "done">;
  annotator_id: number | null;
  lease_token: string | null;
  leased_until: NullableTimestamp;
  leased_at: NullableTimestamp;
  completed_at: NullableTimestamp;
}

export type Choice = "left" | "right" | "tie" | "both_bad";

export interface JudgmentsTable {
  id: Generated<number>;
  /** Null for an imported judgment (import_id set; migration 0011). */
  task_id: string | null;
  eval_id: number;
  comparison_id: number;
  annotator_id: number;
  choice: Choice;
  outcome: PairOutcome;
  candidate_left: boolean;
  ratings: Json<Record<string, number>>;
  /** Criteria ratings per side, mapped back to systems (a = system_a); null when none were given (0008). */
  side_ratings: Json<{ a: Record<string, number>; b: Record<string, number> }> | null;
  reason: string | null;
  time_ms: number | null;
  created_at: Timestamp;
  /** Set when the judgment was imported, not made in Arbiter (migration 0011). */
  import_id: number | null;
  /** The turn of a multi-turn case the vote is about, when the source says. */
  turn: number | null;
}

export interface TaskSkipsTable {
  id: Generated<number>;
  comparison_id: number;
  annotator_id: number;
  kind: "skip" | "flag";
  reason: string;
  created_at: Timestamp;
}

/** Evals open only to some annotators (0008): an eval with no rows is open to all. */
export interface EvalAssignmentsTable {
  eval_id: number;
  user_id: number;
  created_at: Timestamp;
}

/** An annotator opened an eval's guidelines (0008). */
export interface GuidelineReadsTable {
  eval_id: number;
  annotator_id: number;
  read_at: Timestamp;
}

/** Per eval, a queue position below which every task is done; written only by arbiter_claim_task (0006). */
export interface QueueHeadsTable {
  eval_id: number;
  pos: number;
}

/** Each annotator's judgments per eval with the candidate left and right; kept by a trigger on judgments (0006). */
export interface AnnotatorSidesTable {
  eval_id: number;
  annotator_id: number;
  left_count: Generated<number>;
  right_count: Generated<number>;
}

export type JudgeProtocol = "pairwise" | "faithfulness" | "rubric";
export type JudgeFailureKind = "judge_unavailable" | "judge_malformed" | "judge_refused" | "budget_exhausted";

export type JudgeRunStatus = "running" | "done" | "stopped" | "failed" | "partial";

export interface JudgeRunsTable {
  id: Generated<number>;
  eval_id: number;
  protocol: JudgeProtocol;
  config: Json<Record<string, unknown>>;
  config_hash: string;
  prompt_version: string;
  /** failed: every job failed; partial: some did (migration 0007). */
  status: Generated<JudgeRunStatus>;
  budget_tokens: number | null;
  tokens_used: Generated<number>;
  cost_usd: Generated<number>;
  calls: Generated<number>;
  cache_hits: Generated<number>;
  created_by: number | null;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
  /** The import that created the run (imported verdicts; migration 0011). */
  import_id: number | null;
}

export interface JudgeJobsTable {
  id: Generated<number>;
  run_id: number;
  comparison_id: number | null;
  output_id: number | null;
  /** For a rubric job: the index of the llm_rubric assertion in the case's list (migration 0005). */
  item_index: number | null;
  status: Generated<"queued" | "leased" | "done" | "failed">;
  attempts: Generated<number>;
  worker: string | null;
  leased_until: NullableTimestamp;
  failure_kind: JudgeFailureKind | null;
  failure_detail: string | null;
  updated_at: Timestamp;
}

export interface VerdictsTable {
  id: Generated<number>;
  /** Null for an imported verdict (import_id set; migration 0011). */
  job_id: number | null;
  run_id: number;
  eval_id: number;
  protocol: JudgeProtocol;
  comparison_id: number | null;
  output_id: number | null;
  case_id: number;
  winner: "a" | "b" | "tie" | null;
  margin: number | null;
  position_consistent: boolean | null;
  score: number | null;
  passed: boolean | null;
  detail: Json<Record<string, unknown>>;
  prompt_version: string;
  config_hash: string;
  created_at: Timestamp;
  import_id: number | null;
  turn: number | null;
}

/** One measurement of a judge config's injection-probe flip rate (migration 0005). */
export interface JudgeProbeRunsTable {
  id: Generated<number>;
  eval_id: number;
  config: Json<Record<string, unknown>>;
  config_hash: string;
  status: Generated<"running" | "done" | "failed">;
  n: number | null;
  flipped: number | null;
  flip_rate: number | null;
  report: Json<unknown> | null;
  message: string | null;
  created_by: number | null;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface LlmCacheTable {
  key: string;
  response: Json<unknown>;
  created_at: Timestamp;
}

export type Decision = "SHIP" | "NO_GO" | "INSUFFICIENT";

export interface ReportsTable {
  id: Generated<number>;
  eval_id: number;
  content_hash: string;
  pack_version: number | null;
  seed: number;
  decision: Decision;
  body: Json<unknown>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface SignoffsTable {
  id: Generated<number>;
  report_id: number;
  eval_id: number;
  owner_id: number;
  decision: "go" | "no_go";
  note: string;
  /** GO against a report that says NO_GO or INSUFFICIENT (migration 0007). */
  override: Generated<boolean>;
  override_reason: string | null;
  /** Signed although the evidence had changed since this snapshot (migration 0007). */
  older_snapshot: Generated<boolean>;
  older_reason: string | null;
  /** The report's decision when it was signed. */
  report_decision: Decision | null;
  created_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

/** One imported file (migration 0011). */
export interface ImportsTable {
  id: Generated<number>;
  eval_id: number;
  format: string;
  file_name: string;
  imported_by: number | null;
  imported_at: Timestamp;
  summary: Json<Record<string, unknown>>;
}

/** A field mapping saved per eval and format (migration 0011). */
export interface ImportMappingsTable {
  eval_id: number;
  format: string;
  mapping: Json<Record<string, string>>;
  updated_by: number | null;
  updated_at: Timestamp;
}

/** The explorer's per-case index (migration 0012): a cache of the evidence, rebuilt by db/explore.ts. */
export interface ExploreRowsTable {
  case_id: number;
  eval_id: number;
  category: string;
  suite: string;
  shape: string;
  tags: Json<string[]>;
  cand_assert: "pass" | "fail" | "pending" | "none";
  base_assert: "pass" | "fail" | "pending" | "none";
  human: "win" | "loss" | "tie" | "none";
  judge: "win" | "loss" | "tie" | "none";
  disagree: boolean;
  identical: boolean;
  missing: boolean;
  flagged: boolean;
  excluded: boolean;
}

/** Cases whose explorer row is stale, queued by triggers on the evidence tables (migration 0012b). */
export interface ExploreDirtyTable {
  seq: Generated<string>;
  eval_id: number;
  case_id: number;
}

/** Per eval and protocol, the newest judge run with verdicts; kept by triggers on verdicts (0012b). */
export interface ExploreLatestRunTable {
  eval_id: number;
  protocol: string;
  run_id: number | null;
}

export interface ExploreSearchTable {
  case_id: number;
  eval_id: number;
  doc: string;
}

export interface ExploreStateTable {
  eval_id: number;
  marks: Json<Record<string, string | number | null>>;
  built_at: Timestamp;
}

export interface FlagResolutionsTable {
  id: Generated<number>;
  eval_id: number;
  case_id: number;
  action: "fixed" | "excluded" | "dismissed";
  note: string;
  /** Flags (task_skips ids) up to this one are resolved by this row. */
  covers_skip_id: number;
  resolved_by: number | null;
  resolved_at: Timestamp;
}

export interface CaseExclusionsTable {
  case_id: number;
  eval_id: number;
  reason: string;
  excluded_by: number | null;
  excluded_at: Timestamp;
}

/** A change of the slices served first (0014, issue 17 item 4). */
export interface QueueAllocationsTable {
  id: Generated<number>;
  eval_id: number;
  created_at: Timestamp;
  actor_id: number | null;
  enabled: boolean;
  slices: Json<AllocationSlice[]>;
  case_ids: Json<number[]>;
  tasks_moved: number;
  fractions: Json<AllocationFraction[]>;
  reason: string;
}

export interface AllocationSlice {
  gate: string;
  metric: string;
  scope: unknown;
  n: number;
  n_needed: number | null;
}

export interface AllocationFraction {
  stratum: string;
  cases: number;
  labeled: number;
  fraction: number;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  evals: EvalsTable;
  systems: SystemsTable;
  cases: CasesTable;
  outputs: OutputsTable;
  audit_log: AuditLogTable;
  login_throttle: LoginThrottleTable;
  queue_allocations: QueueAllocationsTable;
  pack_versions: PackVersionsTable;
  generation_runs: GenerationRunsTable;
  comparisons: ComparisonsTable;
  tasks: TasksTable;
  judgments: JudgmentsTable;
  task_skips: TaskSkipsTable;
  queue_heads: QueueHeadsTable;
  annotator_sides: AnnotatorSidesTable;
  eval_assignments: EvalAssignmentsTable;
  guideline_reads: GuidelineReadsTable;
  judge_runs: JudgeRunsTable;
  judge_jobs: JudgeJobsTable;
  verdicts: VerdictsTable;
  llm_cache: LlmCacheTable;
  judge_probe_runs: JudgeProbeRunsTable;
  reports: ReportsTable;
  signoffs: SignoffsTable;
  api_tokens: ApiTokensTable;
  imports: ImportsTable;
  import_mappings: ImportMappingsTable;
  explore_rows: ExploreRowsTable;
  explore_search: ExploreSearchTable;
  explore_dirty: ExploreDirtyTable;
  explore_latest_run: ExploreLatestRunTable;
  explore_state: ExploreStateTable;
  flag_resolutions: FlagResolutionsTable;
  case_exclusions: CaseExclusionsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Eval = Selectable<EvalsTable>;
export type System = Selectable<SystemsTable>;
export type Case = Selectable<CasesTable>;
export type Output = Selectable<OutputsTable>;
export type OutputUpdate = Updateable<OutputsTable>;
