// A job is one source file, serialisable in and out, so the same job can later run in a worker
// thread, a child process or a distributed queue without changing its shape.
import { z } from "zod";
import { ERROR_CODES } from "./errors.ts";

export const Job = z.object({
  source: z.object({ absPath: z.string(), relPath: z.string() }),
  options: z.object({
    repair: z.boolean(),
    ocr: z.enum(["auto", "force", "off"]),
    password: z.string().nullable().optional(),
    limits: z
      .object({
        maxPixels: z.number().positive(),
        maxPages: z.number().int().positive(),
        maxZipEntries: z.number().int().positive(),
        maxZipBytes: z.number().int().positive(),
        maxSourceBytes: z.number().int().positive(),
      })
      .partial()
      .optional(),
  }),
  /** The OCFL storage root the document is archived into. */
  archiveRoot: z.string(),
  /** Milliseconds before the document is given up with a "timeout" error. */
  timeoutMs: z.number().int().positive(),
  /** Milliseconds a single page may take (in a worker process, the document is stopped when one does). */
  pageTimeoutMs: z.number().int().positive().optional(),
});

export const JobResult = z.object({
  path: z.string(),
  id: z.string().nullable(),
  outcome: z.enum(["ok", "unchanged", "failed"]).describe("unchanged: the source and the pipeline are those of the archived head; it was not processed again"),
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
  mediaType: z.string().nullable(),
  sha256: z.string().nullable(),
  pages: z.number().int().nullable(),
  warnings: z.array(z.object({ page: z.number().int().nullable(), code: z.string(), message: z.string() })),
  /** The archived object and the version this run wrote (null when nothing changed). */
  archive: z.object({ objectId: z.string(), version: z.string().nullable(), head: z.string() }).nullable(),
  durationMs: z.number().nonnegative(),
});

export const RunReport = z.object({
  schema: z.literal("arkiv.run-report/1"),
  pipelineVersion: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number().nonnegative(),
  roots: z.array(z.string()),
  concurrency: z.number().int().positive(),
  totals: z.object({
    files: z.number().int(),
    ok: z.number().int(),
    unchanged: z.number().int(),
    failed: z.number().int(),
    pages: z.number().int(),
    newVersions: z.number().int(),
  }),
  failuresByCode: z.record(z.string(), z.number().int()),
  files: z.array(JobResult),
  /** Entries under the input that were not processed, each with its reason (hidden, symbolic link, FIFO, the run's own folders …). */
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  /** Publishing the archive to the output folder: documents published, and those that could not be, each named. */
  publish: z.object({
    documents: z.number().int(),
    written: z.number().int(),
    failed: z.array(z.object({ id: z.string(), code: z.enum(ERROR_CODES), message: z.string() })),
    /** Why the output folder could not be written at all (a full disk, permissions); null when it was. */
    error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
  }),
});

export type Job = z.infer<typeof Job>;
export type JobResult = z.infer<typeof JobResult>;
export type RunReport = z.infer<typeof RunReport>;
