/**
 * A web upload becomes a temp file (streamed to disk, never held in memory), then goes through the
 * same all-or-nothing importer as the command line.
 */
import {
  unstable_composeUploadHandlers,
  unstable_createFileUploadHandler,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type NodeOnDiskFile,
} from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { uploadDir, uploadLimit } from "./body-limits.server";
import { z } from "zod";
import { ImportRejected, importCases, importOutputs, type ImportSummary } from "../../db/import";
import type { RowError } from "../schemas/rows";
import { formatFromName, readRows } from "../import/read-rows";


const Fields = z.object({
  kind: z.enum(["cases", "outputs"]),
  system: z.string().trim().optional(),
});

export type ImportResponse =
  | { ok: true; summary: ImportSummary; file: string }
  | { ok: false; file?: string; message: string; errors: RowError[]; totalErrors: number };

export async function handleImportUpload(request: Request, context: AppLoadContext, evalId: number, actorId: number): Promise<{ status: number; body: ImportResponse }> {
  // Every file this request writes is named here, so each is deleted on every way out (finally below).
  const directory = uploadDir();
  const written: string[] = [];
  const uploadHandler = unstable_composeUploadHandlers(
    unstable_createFileUploadHandler({
      directory,
      maxPartSize: uploadLimit(),
      file: ({ filename }) => {
        const name = `arbiter-upload-${Date.now()}-${Math.random().toString(36).slice(2)}-${filename.replace(/[^\w.-]/g, "_")}`;
        written.push(join(directory, name));
        return name;
      },
    }),
    unstable_createMemoryUploadHandler({ maxPartSize: 10_000 }),
  );
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, uploadHandler);
  } catch (err) {
    await Promise.all(written.map((f) => rm(f, { force: true })));
    const tooLarge = /exceeded upload size/i.test((err as Error).message);
    return { status: tooLarge ? 413 : 400, body: { ok: false, message: tooLarge ? `the file is larger than ${uploadLimit()} bytes` : `the upload could not be read: ${(err as Error).message}`, errors: [], totalErrors: 0 } };
  }
  const file = form.get("file") as unknown as NodeOnDiskFile | null;
  try {
    const fields = Fields.safeParse({ kind: form.get("kind"), system: form.get("system") || undefined });
    if (!fields.success) return { status: 400, body: { ok: false, message: "choose whether the file holds cases or outputs", errors: [], totalErrors: 0 } };
    if (!file || typeof file === "string" || !("getFilePath" in file)) {
      return { status: 400, body: { ok: false, message: "choose a file to upload", errors: [], totalErrors: 0 } };
    }
    // The temp file's name carries the uploaded name after our unique prefix.
    const fileName = file.name.replace(/^arbiter-upload-\d+-[a-z0-9]+-/, "");
    const format = formatFromName(fileName);
    if (!format) return { status: 400, body: { ok: false, file: fileName, message: `${fileName}: name the file .jsonl or .csv`, errors: [], totalErrors: 0 } };
    const rows = readRows(file.getFilePath(), format);
    const options = { actorId, fileName, systemName: fields.data.system };
    try {
      const summary =
        fields.data.kind === "cases" ? await importCases(context.db, evalId, rows, options) : await importOutputs(context.db, evalId, rows, options);
      context.logger.info({ evalId, file: fileName, ...summary }, "import");
      return { status: 200, body: { ok: true, summary, file: fileName } };
    } catch (err) {
      if (err instanceof ImportRejected) {
        return {
          status: 422,
          body: { ok: false, file: fileName, message: `${fileName}: ${err.totalErrors} invalid row${err.totalErrors === 1 ? "" : "s"}; nothing was imported`, errors: err.errors, totalErrors: err.totalErrors },
        };
      }
      throw err;
    }
  } finally {
    await Promise.all(written.map((f) => rm(f, { force: true })));
  }
}
