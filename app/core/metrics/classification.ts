/**
 * Classification metrics as scikit-learn defines them: accuracy; per-class precision, recall and F1 with
 * zero_division = 0; macro averages (unweighted mean over classes); confusion matrix with rows = true
 * class, columns = predicted class. Classes are the sorted union of true and predicted labels (numbers
 * numerically, otherwise by code unit), as sklearn's unique_labels.
 */
export type Label = string | number;

export interface ClassScores {
  label: Label;
  precision: number;
  recall: number;
  f1: number;
  /** Number of true instances of the class. */
  support: number;
}

export interface ClassificationReport {
  n: number;
  accuracy: number;
  labels: Label[];
  perClass: ClassScores[];
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
  /** matrix[i][j]: cases of true class labels[i] predicted as labels[j]. */
  confusionMatrix: number[][];
}

export function sortLabels(labels: Iterable<Label>): Label[] {
  const unique = [...new Set(labels)];
  if (unique.every((l) => typeof l === "number")) return (unique as number[]).sort((a, b) => a - b);
  return unique.map(String).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function div(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

export function classificationReport(yTrue: readonly Label[], yPred: readonly Label[], labelsGiven?: readonly Label[]): ClassificationReport {
  if (yTrue.length !== yPred.length) throw new RangeError(`classification needs as many predictions as true labels (${yPred.length} vs ${yTrue.length})`);
  const mixed = [...yTrue, ...yPred].some((l) => typeof l !== "number");
  const key = (l: Label): Label => (mixed ? String(l) : l);
  const labels = labelsGiven ? labelsGiven.map(key) : sortLabels([...yTrue, ...yPred].map(key));
  const index = new Map<Label, number>(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = key(yTrue[i]);
    const p = key(yPred[i]);
    if (t === p) correct++;
    const ti = index.get(t);
    const pi = index.get(p);
    if (ti !== undefined && pi !== undefined) matrix[ti][pi]++;
  }
  // Accuracy counts every pair, even one whose labels fall outside an explicit label list.
  return { ...reportFromMatrix(labels, matrix), n: yTrue.length, accuracy: yTrue.length === 0 ? Number.NaN : correct / yTrue.length };
}

export function accuracy(yTrue: readonly Label[], yPred: readonly Label[]): number {
  return classificationReport(yTrue, yPred).accuracy;
}

export function macroF1(yTrue: readonly Label[], yPred: readonly Label[]): number {
  return classificationReport(yTrue, yPred).macroF1;
}

export function confusionMatrix(yTrue: readonly Label[], yPred: readonly Label[], labels?: readonly Label[]): number[][] {
  return classificationReport(yTrue, yPred, labels).confusionMatrix;
}

/**
 * Streaming form: keeps only the confusion counts (classes × classes), so a label stream of any length
 * fits in memory; `report()` gives the same figures as classificationReport.
 */
export class ClassificationAccumulator {
  private readonly counts = new Map<string, number>();
  private readonly seen = new Set<string>();
  n = 0;
  add(prediction: string, truth: string): void {
    this.seen.add(prediction);
    this.seen.add(truth);
    const k = JSON.stringify([truth, prediction]);
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    this.n++;
  }
  report(): ClassificationReport {
    const labels = sortLabels(this.seen) as string[];
    const index = new Map(labels.map((l, i) => [l, i]));
    const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
    for (const [k, c] of this.counts) {
      const [t, p] = JSON.parse(k) as [string, string];
      matrix[index.get(t)!][index.get(p)!] += c;
    }
    return reportFromMatrix(labels, matrix);
  }
}

/** The report of a confusion matrix (rows true, columns predicted). */
export function reportFromMatrix(labels: readonly Label[], matrix: readonly (readonly number[])[]): ClassificationReport {
  const k = labels.length;
  let n = 0;
  let correct = 0;
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) n += matrix[r][c];
    correct += matrix[r][r];
  }
  const perClass: ClassScores[] = labels.map((label, c) => {
    const tp = matrix[c][c];
    let predicted = 0;
    let actual = 0;
    for (let r = 0; r < k; r++) predicted += matrix[r][c];
    for (let col = 0; col < k; col++) actual += matrix[c][col];
    return { label, precision: div(tp, predicted), recall: div(tp, actual), f1: div(2 * tp, predicted + actual), support: actual };
  });
  const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    n,
    accuracy: n === 0 ? Number.NaN : correct / n,
    labels: [...labels],
    perClass,
    macroPrecision: mean(perClass.map((c) => c.precision)),
    macroRecall: mean(perClass.map((c) => c.recall)),
    macroF1: mean(perClass.map((c) => c.f1)),
    confusionMatrix: matrix.map((r) => [...r]),
  };
}
