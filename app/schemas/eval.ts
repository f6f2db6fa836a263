import { z } from "zod";
import { noNul } from "./bounded";

export const SystemSpec = z.object({
  name: z.string().trim().min(1, "a system needs a name").max(100).regex(/^[\w.:@/+-]+$/, "system names use letters, digits and . _ - : @ / +"),
  role: z.enum(["candidate", "baseline", "other"]),
});

export const NewEval = z
  .object({
    name: z.string().trim().min(1, "an eval needs a name").max(100).regex(/^[\w.-]+$/, "eval names use letters, digits, . _ and -"),
    description: z.string().trim().max(2000).superRefine(noNul).default(""),
    overlap_k: z.coerce.number().int().min(1, "overlap k is at least 1").max(50, "overlap k is at most 50").default(3),
    seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).optional(),
    systems: z.array(SystemSpec).default([]),
  })
  .superRefine((e, ctx) => {
    const candidates = e.systems.filter((s) => s.role === "candidate").length;
    if (candidates > 1) ctx.addIssue({ code: "custom", path: ["systems"], message: "an eval has exactly one candidate" });
    const names = e.systems.map((s) => s.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) ctx.addIssue({ code: "custom", path: ["systems"], message: `system "${dup}" is named twice` });
  });
export type NewEval = z.infer<typeof NewEval>;
