/**
 * `arbiter agreement FILE --metric percent|cohen|fleiss|krippendorff [--level L] [--weights W]`:
 * FILE is CSV with header item,rater,label or JSONL of {"item","rater","label"}. Prints
 * {"metric","value","n_items","n_raters", "ci95", ...}, with "reason" when the value is null.
 * Options: --categories a,b,c (ordered labels for weighted kappa and ordinal alpha),
 * --bootstrap N (resamples over items for ci95, default 1000; 0 skips), --seed S,
 * --per-rater (add each rater's agreement with the majority of the others).
 */
import { CliError, parseArgs, printJson, stringFlag } from "../cli-support.ts";
import { inputError, readRecords, requireId, requireLabel } from "../input/records.ts";
import { bootstrapItems } from "../../app/core/stats/bootstrap.ts";
import { cohenKappa, type KappaWeights } from "../../app/core/stats/cohen-kappa.ts";
import { StatsInputError } from "../../app/core/stats/errors.ts";
import { fleissKappa } from "../../app/core/stats/fleiss-kappa.ts";
import { krippendorffAlpha, type AlphaLevel } from "../../app/core/stats/krippendorff-alpha.ts";
import { orderedCategories, type AgreementValue, type Label, type Rating } from "../../app/core/stats/labels.ts";
import { perRaterMajorityAgreement } from "../../app/core/stats/majority-agreement.ts";
import { percentAgreement } from "../../app/core/stats/percent-agreement.ts";
import { inputFile, rejectUnknownFlags, resamplesFlag, seedFlag } from "../stats-options.ts";

const METRICS = ["percent", "cohen", "fleiss", "krippendorff"] as const;
type Metric = (typeof METRICS)[number];
const LEVELS: AlphaLevel[] = ["nominal", "ordinal", "interval", "ratio"];

/** How labels are read: as text, as numbers, or as positions on an ordered scale. */
type LabelMode = "text" | "number" | "ordered";

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["json", "help", "per-rater"]);
  rejectUnknownFlags(args, ["json", "help", "metric", "level", "weights", "categories", "bootstrap", "seed", "per-rater"]);
  const file = inputFile(args, "agreement");
  const metricText = stringFlag(args, "metric", true);
  if (!(METRICS as readonly string[]).includes(metricText)) {
    throw new CliError(`unknown metric "${metricText}"; expected one of ${METRICS.join(", ")}`);
  }
  const metric = metricText as Metric;

  const levelText = stringFlag(args, "level");
  if (levelText !== undefined && !(LEVELS as string[]).includes(levelText)) {
    throw new CliError(`unknown level "${levelText}"; expected one of ${LEVELS.join(", ")}`);
  }
  if (levelText !== undefined && metric !== "krippendorff") throw new CliError("--level applies to --metric krippendorff only");
  const level = (levelText ?? "nominal") as AlphaLevel;

  const weightsText = stringFlag(args, "weights");
  if (weightsText !== undefined && !["linear", "quadratic"].includes(weightsText)) {
    throw new CliError(`unknown weights "${weightsText}"; expected linear or quadratic`);
  }
  if (weightsText !== undefined && metric !== "cohen") throw new CliError("--weights applies to --metric cohen only");
  const weights = (weightsText ?? "none") as KappaWeights;

  const categoriesText = stringFlag(args, "categories");
  const needsOrder = (metric === "cohen" && weights !== "none") || (metric === "krippendorff" && level === "ordinal");
  if (categoriesText !== undefined && !needsOrder) {
    throw new CliError("--categories applies to weighted kappa and ordinal alpha only");
  }
  const categories = categoriesText?.split(",").map((c) => c.trim());
  const mode: LabelMode =
    metric === "krippendorff" && (level === "interval" || level === "ratio")
      ? "number"
      : needsOrder
        ? categories
          ? "text"
          : "ordered"
        : "text";

  const resamples = resamplesFlag(args, 1000);
  const seed = seedFlag(args);

  // Read: item × rater → label, refusing a second rating by the same rater on the same item.
  const itemIndex = new Map<string, number>();
  const raterIndex = new Map<string, number>();
  const cells: Map<number, Label>[] = [];
  const firstLine: Map<number, number>[] = [];
  for await (const rec of readRecords(file)) {
    const item = requireId(file, rec, "item");
    const rater = requireId(file, rec, "rater");
    const raw = requireLabel(file, rec, "label");
    const label = readLabel(raw, mode, metric, level, categories, file, rec.line);
    let i = itemIndex.get(item);
    if (i === undefined) {
      i = cells.length;
      itemIndex.set(item, i);
      cells.push(new Map());
      firstLine.push(new Map());
    }
    let r = raterIndex.get(rater);
    if (r === undefined) {
      r = raterIndex.size;
      raterIndex.set(rater, r);
    }
    const earlier = firstLine[i].get(r);
    if (earlier !== undefined) {
      throw inputError(file, rec.line, `rater "${rater}" already rated item "${item}" on line ${earlier}`);
    }
    cells[i].set(r, label);
    firstLine[i].set(r, rec.line);
  }
  const raters = [...raterIndex.keys()];
  if (raters.length < 2) {
    throw new CliError(`${file}: fewer than two raters (found ${raters.length}${raters.length ? `: ${raters[0]}` : ""}); agreement needs at least two`);
  }
  if (metric === "cohen" && raters.length !== 2) {
    throw new CliError(`${file}: Cohen's kappa is for exactly two raters, found ${raters.length}; use fleiss or krippendorff`);
  }
  const matrix: Rating[][] = cells.map((row) => raters.map((_, r) => row.get(r) ?? null));

  // The category order is fixed from the whole file, so a resample that happens to miss a label
  // is measured on the same scale (and is not refused for "unequal label sets").
  let scale: Label[] | undefined = categories;
  const statistic = (rows: Rating[][]): AgreementValue & Record<string, unknown> => {
    switch (metric) {
      case "percent":
        return { ...percentAgreement(rows) };
      case "cohen":
        return { ...cohenKappa(rows, { weights, categories: scale }) };
      case "fleiss":
        return { ...fleissKappa(rows) };
      case "krippendorff":
        return { ...krippendorffAlpha(rows, level, { order: scale }) };
    }
  };

  let result: AgreementValue & Record<string, unknown>;
  try {
    result = statistic(matrix);
  } catch (err) {
    if (err instanceof StatsInputError) throw new CliError(`${file}: ${err.message}`);
    throw err;
  }
  if (needsOrder && scale === undefined) {
    const seen = new Set<Label>();
    for (const row of matrix) for (const r of row) if (r !== null && r !== undefined) seen.add(r);
    scale = orderedCategories(seen);
  }
  const { value, reason, ...details } = result;
  delete details.n_items;
  delete details.n_raters;
  const output: Record<string, unknown> = { metric, value, n_items: matrix.length, n_raters: raters.length };
  if (metric === "krippendorff") output.level = level;
  if (metric === "cohen") output.weights = weights;
  if (reason) output.reason = reason;
  if (value !== null && resamples > 0) {
    const boot = bootstrapItems(matrix, (rows) => statistic(rows).value, { resamples, seed });
    output.ci95 = boot.interval;
    output.bootstrap = { resamples, seed, undefined_resamples: boot.undefined_resamples };
  } else {
    output.ci95 = null;
  }
  Object.assign(output, details);
  if (args.flags["per-rater"]) {
    output.per_rater = perRaterMajorityAgreement(matrix).map(({ rater, ...rest }) => ({ rater: raters[rater], ...rest }));
  }
  printJson(output);
  return 0;
}

function readLabel(
  raw: string | number,
  mode: LabelMode,
  metric: Metric,
  level: AlphaLevel,
  categories: string[] | undefined,
  file: string,
  line: number,
): Label {
  if (mode === "text") {
    const text = String(raw);
    if (categories && !categories.includes(text)) {
      throw inputError(file, line, `label "${text}" is not among --categories ${categories.join(",")}`);
    }
    return text;
  }
  const n = typeof raw === "number" ? raw : raw.trim() === "" ? Number.NaN : Number(raw);
  if (Number.isFinite(n)) return n;
  const what = metric === "cohen" ? "weighted kappa" : `${level} alpha`;
  const fix = mode === "ordered" ? " (or give the order with --categories)" : "";
  throw inputError(file, line, `label ${JSON.stringify(raw)} is not numeric, which ${what} needs${fix}`);
}
