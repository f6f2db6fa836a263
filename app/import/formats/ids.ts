/** Stable case ids for sources that have none: the same prompt gets the same id in every file. */
import { createHash } from "node:crypto";

export function textId(prefix: string, text: string): string {
  return `${prefix}-${createHash("sha256").update(text).digest("hex").slice(0, 16)}`;
}

/** A file's name without folders and extension (samples_gsm8k_2024.jsonl → samples_gsm8k_2024). */
export function fileStem(path: string): string {
  return path.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
}
