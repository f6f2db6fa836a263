/**
 * POST /api/tasks/:taskId/skip with JSON {kind: "skip"|"flag", reason}: gives the task back and
 * records why; "flag" reports bad data to the lead. 200, 400, 404 or 409.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { skipFor } from "../services/human.server";
import { postOnlyLoader, taskPost } from "../services/task-api.server";

export const loader = postOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  return taskPost(args, '{"kind": "skip"|"flag", "reason": "..."}', skipFor);
}
