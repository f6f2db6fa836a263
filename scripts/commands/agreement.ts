/**
 * `arbiter agreement FILE --metric percent|cohen|fleiss|krippendorff [--level L] [--weights W]`:
 * FILE is CSV with header item,rater,label or JSONL of {"item","rater","label"} (the default
 * format), or with `--format wide` a CSV of one row per unit and one column per coder. Prints
 * {"metric","value","n_items","n_raters","ci95", ...}, with "reason" when the value is null;
 * n_items counts the items the value is computed over (n_items_in_file every item read).
 * Options: --categories a,b,c (ordered labels for weighted kappa and ordinal alpha),
 * --bootstrap N (resamples over items for ci95, default 1000; 0 skips), --seed S,
 * --per-rater (add each rater's agreement with the majority of the others),
 * --pooled (percent: agreeing pairs over all pairs instead of the mean over items).
 * `--format mt-bench` is the MT-bench paper's judge agreement (scripts/commands/agreement-mt-bench.ts).
 */
import { CliError, parseArgs, printJson, stringFlag } from "../cli-support.ts";
import { inputError } from "../input/records.ts";
import { readLongRatings, readWideRatings, type RatingTable } from "../input/ratings.ts";
import { bootstrapCounts, groupRows } from "../../app/core/stats/bootstrap.ts";
import { cohenKappa, type KappaWeights } from "../../app/core/stats/cohen-kappa.ts";
import { StatsInputError } from "../../app/core/stats/errors.ts";
import { fleissKappa } from "../../app/core/stats/fleiss-kappa.ts";
import { krippendorffAlpha, type AlphaLevel } from "../../app/core/stats/krippendorff-alpha.ts";
import { orderedCategories, type AgreementValue, type Label, type Rating } from "../../app/core/stats/labels.ts";
import { perRaterMajorityAgreement } from "../../app/core/stats/majority-agreement.ts";
import { percentAgreement } from "../../app/core/stats/percent-agreement.ts";
import { rejectUnknownFlags, resamplesFlag, seedFlag } from "../stats-options.ts";
import { runMtBenchAgreement } from "./agreement-mt-bench.ts";

const METRICS = ["percent", "cohen", "fleiss", "krippendorff"] as const;
type Metric = (typeof METRICS)[number];
const LEVELS: AlphaLevel[] = ["nominal", "ordinal", "interval", "ratio"];
const FORMATS = ["arbiter", "wide", "mt-bench"] as const;

/** How labels are read: as text, as numbers, or as positions on an ordered scale. */
type LabelMode = "text" | "number" | "ordered";

/** A bootstrap still running after this long reports its progress on stderr. */
const PROGRESS_AFTER_MS = 1000;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["json", "help", "per-rater", "pooled", "no-ties"]);
  const formatText = stringFlag(args, "format") ?? "arbiter";
  if (!(FORMATS as readonly string[]).includes(formatText)) {
    throw new CliError(`unknown format "${formatText}"; expected one of ${FORMATS.join(", ")}`);
  }
  if (formatText === "mt-bench") return runMtBenchAgreement(args);
  rejectUnknownFlags(args, ["json", "help", "metric", "level", "weights", "categories", "bootstrap", "seed", "per-rater", "format", "pooled"]);
  const [file, ...extra] = args.positionals;
  if (!file) throw new CliError("usage: arbiter agreement FILE --metric M [options]: missing FILE");
  if (extra.length) throw new CliError(`unexpected argument "${extra[0]}" (several files are for --format mt-bench)`);
  const metricText = stringFlag(args, "metric", true);
  if (!(METRICS as readonly string[]).includes(metricText)) {
    throw new CliError(`unknown metric "${metricText}"; expected one of ${METRICS.join(", ")}`);
  }
  const metric = metricText as Metric;
  const pooled = args.flags.pooled === true;
  if (pooled && metric !== "percent") throw new CliError("--pooled applies to --metric percent only");

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

  const labelOf = (raw: string | number, line: number) => readLabel(raw, mode, metric, level, categories, file, line);
  const table: RatingTable = formatText === "wide" ? await readWideRatings(file, labelOf) : await readLongRatings(file, labelOf);
  const raters = table.raters;
  if (raters.length < 2) {
    throw new CliError(`${file}: fewer than two raters (found ${raters.length}${raters.length ? `: ${raters[0]}` : ""}); agreement needs at least two`);
  }
  if (metric === "cohen" && raters.length !== 2) {
    throw new CliError(`${file}: Cohen's kappa is for exactly two raters, found ${raters.length}; use fleiss or krippendorff`);
  }
  const width = raters.length;
  const { codes, labels } = table;
  const matrix: Rating[][] = new Array(table.items.length);
  for (let i = 0; i < matrix.length; i++) {
    const row: Rating[] = new Array(width);
    for (let r = 0; r < width; r++) {
      const c = codes[i * width + r];
      row[r] = c < 0 ? null : labels[c];
    }
    matrix[i] = row;
  }

  // The category order is fixed from the whole file, so a resample that happens to miss a label
  // is measured on the same scale (and is not refused for "unequal label sets").
  let scale: Label[] | undefined = categories;
  const statistic = (rows: Rating[][], rowWeights?: ArrayLike<number>): AgreementValue & Record<string, unknown> => {
    switch (metric) {
      case "percent": {
        const p = percentAgreement(rows, { rowWeights });
        return pooled ? { ...p, value: p.pooled } : { ...p };
      }
      case "cohen":
        return { ...cohenKappa(rows, { weights, categories: scale, rowWeights }) };
      case "fleiss":
        return { ...fleissKappa(rows, { rowWeights }) };
      case "krippendorff":
        return { ...krippendorffAlpha(rows, level, { order: scale, rowWeights }) };
    }
  };

  let result: AgreementValue & Record<string, unknown>;
  try {
    result = statistic(matrix);
  } catch (err) {
    if (err instanceof StatsInputError) throw new CliError(`${file}: ${err.message}`);
    throw err;
  }
  if (needsOrder && scale === undefined) scale = orderedCategories(labels);
  const { value, reason, ...details } = result;
  const computedOver = metric === "krippendorff" ? (details.n_units as number) : (details.n_items as number);
  delete details.n_items;
  delete details.n_raters;
  const output: Record<string, unknown> = { metric, value, n_items: computedOver, n_items_in_file: matrix.length, n_raters: raters.length };
  if (metric === "percent") {
    // Both figures, each named for what it is; "value" is the one asked for.
    output.aggregation = pooled ? "pooled_over_pairs" : "mean_over_items";
    delete details.pooled;
    const p = percentAgreement(matrix);
    output.mean_over_items = p.value;
    output.pooled_over_pairs = p.pooled;
    output.n_pairs = p.n_pairs;
    delete details.n_pairs;
  }
  if (metric === "krippendorff") output.level = level;
  if (metric === "cohen") output.weights = weights;
  if (reason) output.reason = reason;
  if (value !== null && resamples > 0) {
    const boot = bootstrapInterval(matrix, metric, (rows, w) => statistic(rows, w).value, { resamples, seed });
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

/**
 * The bootstrap over items, by resampling how often each distinct row occurs (bootstrapCounts):
 * Cohen's kappa tells its two raters apart, so a row is its ordered pair of labels; the other
 * coefficients do not depend on which rater gave which label, so a row is its multiset of labels.
 * A resample then costs the number of distinct rows, not the number of ratings.
 */
function bootstrapInterval(
  matrix: Rating[][],
  metric: Metric,
  statistic: (rows: Rating[][], weights: ArrayLike<number>) => number | null,
  options: { resamples: number; seed: number | string },
) {
  const code = new Map<Label, number>();
  const codeOf = (r: Rating): number => {
    if (r === null || r === undefined) return 0;
    let c = code.get(r);
    if (c === undefined) {
      c = code.size + 1;
      code.set(r, c);
    }
    return c;
  };
  const ordered = metric === "cohen";
  const keyed = matrix.map((row) => {
    const codes = row.map(codeOf);
    if (!ordered) codes.sort((a, b) => a - b);
    return { row, key: codes.join(",") };
  });
  const profiles = groupRows(keyed, (k) => k.key);
  const rows = profiles.distinct.map(({ row }) => (ordered ? row : row.filter((r) => r !== null && r !== undefined)));
  const started = performance.now();
  let announced = false;
  return bootstrapCounts(profiles, (w) => statistic(rows, w), {
    ...options,
    onProgress: (done, total) => {
      const elapsed = performance.now() - started;
      // Only a run long enough to wonder about says anything, so quick runs keep stderr clean.
      if (!announced && elapsed < PROGRESS_AFTER_MS && done < total) return;
      if (!announced && done === total && elapsed < PROGRESS_AFTER_MS) return;
      announced = true;
      process.stderr.write(`arbiter agreement: bootstrap ${done}/${total} resamples (${(elapsed / 1000).toFixed(1)} s)\n`);
    },
  });
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
