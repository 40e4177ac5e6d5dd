import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { extract, type Services } from "../../pipeline/index.ts";
import { ArkivError, toArkivError } from "../model/errors.ts";
import type { Job, JobResult } from "../model/job.ts";

/**
 * Runs one job to completion and never throws: any failure becomes a named error in the result,
 * so one bad file cannot stop a batch.
 */
export async function runJob(job: Job, services: Services): Promise<JobResult> {
  const started = performance.now();
  const base: Omit<JobResult, "outcome" | "error" | "durationMs"> = {
    path: job.source.relPath,
    id: null,
    mediaType: null,
    sha256: null,
    pages: null,
    warnings: [],
    outputs: null,
  };
  try {
    const emitted = await withTimeout(extract(job.source, job.options, services), job.timeoutMs, job.source.relPath);
    const { record } = emitted;
    const dir = join(job.outDir, "documents");
    await mkdir(dir, { recursive: true });
    const json = `documents/${record.id}.json`;
    const markdown = `documents/${record.id}.md`;
    await writeAtomic(join(job.outDir, json), emitted.json);
    await writeAtomic(join(job.outDir, markdown), emitted.markdown);
    return {
      ...base,
      id: record.id,
      outcome: "ok",
      error: null,
      mediaType: record.source.mediaType,
      sha256: record.source.sha256,
      pages: record.pages.length,
      warnings: record.warnings,
      outputs: { json, markdown },
      durationMs: Math.round(performance.now() - started),
    };
  } catch (err) {
    const e = toArkivError(err);
    return {
      ...base,
      outcome: "failed",
      error: { code: e.code, message: e.message },
      durationMs: Math.round(performance.now() - started),
    };
  }
}

/** Write to a temporary name, then rename: a reader never sees half a file, even after a crash. */
export async function writeAtomic(path: string, content: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}

/**
 * Gives up waiting after `ms`. The work itself cannot be cancelled in-process (pdf.js has no
 * abort), so the batch moves on; isolating runaways in worker processes comes with issue 8.
 */
function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ArkivError("timeout", `${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
