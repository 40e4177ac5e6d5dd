import { mkdir } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import PQueue from "p-queue";
import { createServices } from "../../pipeline/services.ts";
import type { ExtractOptions } from "../../pipeline/types.ts";
import type { Job, JobResult, RunReport } from "../model/job.ts";
import { PIPELINE_VERSION } from "../version.ts";
import { discover } from "./discover.ts";
import { runJob, writeAtomic } from "./job.ts";
import { createProgress, type Progress } from "./progress.ts";

export interface RunOptions {
  /** Folder for documents/ and the run report. */
  outDir: string;
  /** Where the run report goes; default <outDir>/run-report.json. */
  reportPath?: string;
  /** Documents processed at once; default: the number of cores. */
  concurrency?: number;
  extract: ExtractOptions;
  timeoutMs?: number;
  progress?: Progress;
}

export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

/** Processes every source file under `paths`; a failed file is reported, never fatal to the batch. */
export async function runBatch(paths: readonly string[], options: RunOptions): Promise<RunReport> {
  const startedAt = new Date();
  const sources = await discover(paths);
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  const progress = options.progress ?? createProgress();
  await mkdir(options.outDir, { recursive: true });

  const queue = new PQueue({ concurrency });
  const results: JobResult[] = [];
  // One OCR engine for the whole batch: its workers load the language data once.
  const services = createServices({ onPage: (path, done, total) => progress.page(path, done, total) });
  progress.start(sources.length);
  try {
    for (const source of sources) {
      const job: Job = {
        source,
        options: { repair: options.extract.repair, ocr: options.extract.ocr },
        outDir: options.outDir,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      };
      void queue.add(async () => {
        const result = await runJob(job, services);
        results.push(result);
        progress.done(result);
      });
    }
    await queue.onIdle();
  } finally {
    progress.finish();
    await services.close();
  }

  results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const failuresByCode: Record<string, number> = {};
  for (const r of results) if (r.error) failuresByCode[r.error.code] = (failuresByCode[r.error.code] ?? 0) + 1;
  const finishedAt = new Date();
  const report: RunReport = {
    schema: "arkiv.run-report/1",
    pipelineVersion: PIPELINE_VERSION,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    roots: [...paths],
    concurrency,
    totals: {
      files: results.length,
      ok: results.filter((r) => r.outcome === "ok").length,
      failed: results.filter((r) => r.outcome === "failed").length,
      pages: results.reduce((n, r) => n + (r.pages ?? 0), 0),
    },
    failuresByCode,
    files: results,
  };
  await writeAtomic(options.reportPath ?? join(options.outDir, "run-report.json"), JSON.stringify(report, null, 2) + "\n");
  return report;
}
