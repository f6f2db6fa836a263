/**
 * POST /api/tasks/:taskId/judgment with JSON {choice, ratings?, reason?, time_ms?}.
 * 201 recorded, 200 already recorded (a retry), 400 bad input, 404 no such task, 409 not leased to
 * you, 410 lease expired. Refusals change nothing.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { submitFor } from "../services/human.server";
import { postOnlyLoader, taskPost } from "../services/task-api.server";

export const loader = postOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  return taskPost(args, '{"choice": "left"|"right"|"tie"|"both_bad", ...}', submitFor);
}
