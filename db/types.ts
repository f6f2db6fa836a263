/**
 * The one declaration of the database's types. Every migration in db/migrations must leave the
 * schema matching this file; tests/db/schema.test.ts checks the columns against the live database.
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
  created_by: number | null;
  created_at: Timestamp;
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
  created_at: Timestamp;
  updated_at: Timestamp;
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

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  evals: EvalsTable;
  systems: SystemsTable;
  cases: CasesTable;
  outputs: OutputsTable;
  audit_log: AuditLogTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Eval = Selectable<EvalsTable>;
export type System = Selectable<SystemsTable>;
export type Case = Selectable<CasesTable>;
export type Output = Selectable<OutputsTable>;
export type OutputUpdate = Updateable<OutputsTable>;
