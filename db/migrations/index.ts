/**
 * Every migration, in order. Listed statically (not read from the folder) so the same list works
 * under tsx, inside the Remix server bundle and in tests. Never edit a migration once it has landed:
 * add the next number.
 */
import type { Migration } from "kysely";
import * as m0001 from "./0001_foundation.ts";
import * as m0002 from "./0002_evidence.ts";
import * as m0003 from "./0003_human.ts";
import * as m0005 from "./0005_judge.ts";
import * as m0006 from "./0006_queue_functions.ts";
import * as m0008 from "./0008_annotator_view.ts";
import * as m0009 from "./0009_login_throttle.ts";
import * as m0011 from "./0011_imports.ts";
import * as m0012 from "./0012_explorer.ts";
import * as m0007 from "./0007_evidence_honesty.ts";
import * as m0012b from "./0012b_explorer_dirty.ts";
import * as m0010 from "./0010_close_identical_tasks.ts";
import * as m0013 from "./0013_side_bound_tail.ts";
import * as m0014 from "./0014_queue_priority.ts";

export const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
  "0002_evidence": m0002,
  "0003_human": m0003,
  "0005_judge": m0005,
  "0006_queue_functions": m0006,
  "0008_annotator_view": m0008,
  "0009_login_throttle": m0009,
  "0011_imports": m0011,
  "0012_explorer": m0012,
  "0007_evidence_honesty": m0007,
  "0012b_explorer_dirty": m0012b,
  "0010_close_identical_tasks": m0010,
  "0013_side_bound_tail": m0013,
  "0014_queue_priority": m0014,
};
