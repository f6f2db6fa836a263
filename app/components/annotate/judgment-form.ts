/** The annotator page's form fields (a verdict, per-side ratings, the reason, the time) into the JSON API's judgment body. Browser-safe. */
export function judgmentFromForm(form: FormData): unknown {
  const ratings: Record<string, number> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("rating:") && typeof value === "string" && value !== "") ratings[key.slice(7)] = Number(value);
  }
  const side_ratings: { left: Record<string, number>; right: Record<string, number> } = { left: {}, right: {} };
  let anySide = false;
  for (const [key, value] of form.entries()) {
    const m = /^side:(left|right):(.+)$/.exec(key);
    if (m && typeof value === "string" && value !== "") {
      side_ratings[m[1] as "left" | "right"][m[2]] = Number(value);
      anySide = true;
    }
  }
  const time = form.get("time_ms");
  return {
    choice: form.get("choice") ?? undefined,
    ratings,
    side_ratings: anySide ? side_ratings : null,
    reason: (form.get("reason") as string | null) || null,
    time_ms: typeof time === "string" && time !== "" ? Math.round(Number(time)) : null,
  };
}
