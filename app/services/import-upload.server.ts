/**
 * The web form for other tools' files: the upload streams to a temp file, then either a preview
 * of its first rows (nothing written) or the all-or-nothing import (app/services/import-format.server.ts).
 */
import {
  unstable_composeUploadHandlers,
  unstable_createFileUploadHandler,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type AppLoadContext,
  type NodeOnDiskFile,
} from "@remix-run/node";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { z } from "zod";
import { ImportRejected } from "../../db/import";
import { FORMATS } from "../import/formats/index";
import { MAPPABLE } from "../import/formats/mapped";
import { previewFormat, runFormatImport, type FormatPreview } from "./import-format.server";
import type { BundleSummary } from "../../db/import-bundle";
import type { RowError } from "../schemas/rows";

const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

const Fields = z.object({
  format: z.string().refine((f) => f in FORMATS, { message: "choose a format" }),
  preview: z.enum(["1", "0"]).default("0"),
  system: z.string().trim().max(200).optional(),
  judge: z.string().trim().max(200).optional(),
  /** JSON object Arbiter field → column; only for the mapped formats. */
  mapping: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      try {
        const m = z.record(z.enum(MAPPABLE), z.string().min(1).max(200)).parse(JSON.parse(s));
        return Object.keys(m).length ? (m as Record<string, string>) : undefined;
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "the field mapping is not valid" });
        return z.NEVER;
      }
    }),
});

export type FormatUploadResponse =
  | { ok: true; preview: FormatPreview; file: string }
  | { ok: true; summary: BundleSummary & { mapping?: Record<string, string> }; file: string }
  | { ok: false; file?: string; message: string; errors: RowError[]; totalErrors: number };

export async function handleFormatUpload(request: Request, context: AppLoadContext, evalId: number, actorId: number): Promise<{ status: number; body: FormatUploadResponse }> {
  const uploadHandler = unstable_composeUploadHandlers(
    unstable_createFileUploadHandler({ directory: tmpdir(), maxPartSize: MAX_UPLOAD_BYTES, file: ({ filename }) => `arbiter-upload-${Date.now()}-${Math.random().toString(36).slice(2)}-${filename.replace(/[^\w.-]/g, "_")}` }),
    unstable_createMemoryUploadHandler({ maxPartSize: 20_000 }),
  );
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, uploadHandler);
  } catch (err) {
    return { status: 400, body: { ok: false, message: `the upload could not be read: ${(err as Error).message}`, errors: [], totalErrors: 0 } };
  }
  const file = form.get("file") as unknown as NodeOnDiskFile | null;
  try {
    const get = (k: string) => (typeof form.get(k) === "string" && form.get(k) !== "" ? (form.get(k) as string) : undefined);
    const fields = Fields.safeParse({ format: get("format"), preview: get("preview"), system: get("system"), judge: get("judge"), mapping: get("mapping") });
    if (!fields.success) return { status: 400, body: { ok: false, message: fields.error.issues[0].message, errors: [], totalErrors: 0 } };
    if (!file || typeof file === "string" || !("getFilePath" in file)) return { status: 400, body: { ok: false, message: "choose a file to upload", errors: [], totalErrors: 0 } };
    const fileName = file.name.replace(/^arbiter-upload-\d+-[a-z0-9]+-/, "");
    const { format, system, judge, mapping } = fields.data;
    if (fields.data.preview === "1") {
      const preview = await previewFormat(context.db, evalId, format, file.getFilePath(), { system, judge, mapping });
      return { status: 200, body: { ok: true, preview, file: fileName } };
    }
    try {
      const summary = await runFormatImport(context.db, evalId, format, file.getFilePath(), { actorId, fileName, system, judge, mapping });
      context.logger.info({ evalId, file: fileName, format, import_id: summary.import_id }, "import");
      return { status: 200, body: { ok: true, summary, file: fileName } };
    } catch (err) {
      if (err instanceof ImportRejected) {
        return { status: 422, body: { ok: false, file: fileName, message: `${fileName}: ${err.totalErrors} invalid item${err.totalErrors === 1 ? "" : "s"}; nothing was imported`, errors: err.errors, totalErrors: err.totalErrors } };
      }
      throw err;
    }
  } finally {
    if (file && typeof file !== "string" && "getFilePath" in file) await rm(file.getFilePath(), { force: true });
  }
}
