import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { dbId, noNul } from "../schemas/bounded";
import { annotationSettings, assignableAnnotators, saveAnnotationSettings } from "../../db/annotator-work";
import { EvalTabs } from "../components/EvalTabs";
import { SettingsForm } from "../components/annotate/SettingsForm";
import annotateStyles from "../components/annotate/annotate.css";
import { outputStyles } from "../components/output";
import { requireUser } from "../services/auth.server";
import { evalFromParams } from "../services/eval-route.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Annotation · ${data?.name ?? "Eval"} · Arbiter` }];
export const links: LinksFunction = () => [outputStyles, annotateStyles].map((href) => ({ rel: "stylesheet", href }));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUser(request, context, ["lead"]);
  const ev = await evalFromParams(params, context);
  const [settings, annotators] = await Promise.all([annotationSettings(context.db, ev.id), assignableAnnotators(context.db, ev.id)]);
  if (!settings) throw new Response("No such eval.", { status: 404 });
  return { id: ev.id, name: ev.name, settings, annotators };
}

const Settings = z
  .object({
    guidelines: z.string().max(20000, "guidelines: at most 20,000 characters").superRefine(noNul),
    criteria: z
      .string()
      .transform((s) => [...new Set(s.split("\n").map((l) => l.trim()).filter(Boolean))])
      .pipe(z.array(z.string().max(80, "criteria: each at most 80 characters").superRefine(noNul)).max(20, "criteria: at most 20")),
    scale_min: z.coerce.number().int().min(0, "scale: lowest from 0 to 9").max(9, "scale: lowest from 0 to 9"),
    scale_max: z.coerce.number().int().min(1, "scale: highest from 1 to 9").max(9, "scale: highest from 1 to 9"),
    scale_low: z.string().trim().min(1, "scale: say what the lowest means").max(40).superRefine(noNul),
    scale_high: z.string().trim().min(1, "scale: say what the highest means").max(40).superRefine(noNul),
    show_images: z.boolean(),
    context_open: z.boolean(),
    assigned: z.array(dbId("assigned")),
  })
  .refine((s) => s.scale_max > s.scale_min, "scale: the highest must be above the lowest");

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ["lead"]);
  const ev = await evalFromParams(params, context);
  const form = await request.formData();
  const parsed = Settings.safeParse({
    guidelines: String(form.get("guidelines") ?? "").replace(/\r\n/g, "\n"),
    criteria: String(form.get("criteria") ?? ""),
    scale_min: form.get("scale_min"),
    scale_max: form.get("scale_max"),
    scale_low: form.get("scale_low") ?? "",
    scale_high: form.get("scale_high") ?? "",
    show_images: form.get("show_images") === "on",
    context_open: form.get("context_open") === "on",
    assigned: form.getAll("assigned"),
  });
  if (!parsed.success) return Response.json({ ok: false, error: parsed.error.issues[0].message }, { status: 400 });
  const known = new Set((await assignableAnnotators(context.db, ev.id)).map((a) => a.id));
  if (parsed.data.assigned.some((id) => !known.has(id))) return Response.json({ ok: false, error: "assigned: not an annotator account" }, { status: 400 });
  const d = parsed.data;
  await saveAnnotationSettings(context.db, ev.id, user.id, {
    guidelines: d.guidelines.trim(),
    criteria: d.criteria,
    rating_scale: { min: d.scale_min, max: d.scale_max, low: d.scale_low, high: d.scale_high },
    show_images: d.show_images,
    context_open: d.context_open,
    assigned: d.assigned,
  });
  return Response.json({ ok: true, message: "Saved." });
}

export default function AnnotationSettingsPage() {
  const { id, name, settings, annotators } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message?: string; error?: string }>();
  const busy = useNavigation().state !== "idle";
  return (
    <main>
      <h1>{name}</h1>
      <EvalTabs evalId={id} role="lead" />
      {result && (
        <p className={result.ok ? "ok" : "error"} role={result.ok ? "status" : "alert"} data-testid="settings-flash">
          {result.ok ? result.message : result.error}
        </p>
      )}
      <SettingsForm settings={settings} annotators={annotators} busy={busy} />
    </main>
  );
}
