import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, dirname, join } from "node:path";
import PQueue from "p-queue";
import { documentId } from "../../pipeline/ingest/id.ts";
import { lazyServices } from "./services.ts";
import { limitsOf, type ExtractOptions, type SourceFile } from "../../pipeline/types.ts";
import { inspectSource, sha256File } from "./source.ts";
import { headProvenance, staleness } from "../archive/documents.ts";
import { objectId } from "../archive/layout.ts";
import { Archive } from "../archive/store.ts";
import { ArkivError, toArkivError, type ErrorCode } from "../model/errors.ts";
import type { Job, JobResult, RunReport } from "../model/job.ts";
import { publish, publishedState, archiveState } from "../publish/index.ts";
import { PIPELINE_VERSION } from "../version.ts";
import { discover, type SkippedEntry } from "./discover.ts";
import { inProcessExtractor, runJob, type Extractor } from "./job.ts";
import { writeFileAtomic } from "../fs/durable.ts";
import { claimOutput, readMarker } from "../publish/owner.ts";
import { WorkerPool } from "./pool.ts";
import { createProgress, type Progress } from "./progress.ts";

export interface RunOptions {
  /** Folder for what the website and search consume (documents/, search/, catalogue.json) and the run report. */
  outDir: string;
  /** The OCFL storage root; default: "archive" beside the output folder. */
  archiveRoot?: string;
  /** Where the run report goes; default <outDir>/run-report.json. */
  reportPath?: string;
  /** Documents processed at once; default: the number of cores. */
  concurrency?: number;
  extract: ExtractOptions;
  /** Passwords of encrypted PDFs by source path (relative, as in the report) or by file name. */
  passwords?: ReadonlyMap<string, string>;
  /** Only the files the report at this path lists as failed (arkiv run --retry-failed). */
  retryFailedFrom?: string;
  /**
   * Extract each document in a worker process the batch can stop (default true): the time limit
   * then really stops a document, and a crash or runaway memory costs only that document.
   */
  isolate?: boolean;
  /** Resident memory of one worker process before its document is stopped (MB). */
  maxMemoryMb?: number;
  /** A document whose page takes longer than this is stopped (worker processes only). */
  pageTimeoutMs?: number;
  timeoutMs?: number;
  progress?: Progress;
  /**
   * Stops the run (SIGINT, SIGTERM): documents in work are stopped at once (their worker processes
   * killed), commits in progress finish, documents not yet done are reported `interrupted` (so
   * `--retry-failed` takes them up), the archive is left valid and the report is written. The
   * output folder is not published; the next run does it.
   */
  signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
export const DEFAULT_MAX_MEMORY_MB = 2048;

export function defaultArchiveRoot(outDir: string): string {
  return join(dirname(outDir), "archive");
}

/**
 * Processes every source file under `paths` into the archive, then publishes the archive's head
 * versions to the output folder. A failed file is reported, never fatal to the batch; a file
 * whose archived head is current is not decoded again.
 */
export async function runBatch(paths: readonly string[], options: RunOptions): Promise<RunReport> {
  const startedAt = new Date();
  const archiveRoot = options.archiveRoot ?? defaultArchiveRoot(options.outDir);
  const reportPath = options.reportPath ?? join(options.outDir, "run-report.json");
  // The paths first: a usage mistake leaves nothing behind.
  const discovery = await discover(paths, ownFolders(archiveRoot, options.outDir, reportPath));
  const lastPublish = await claimOutput(options.outDir, archiveRoot);
  const sources = await selectRetries(discovery.sources, options.retryFailedFrom);
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  const progress = options.progress ?? createProgress();
  await mkdir(options.outDir, { recursive: true });
  const archive = await Archive.open(archiveRoot, { write: true }).catch((err: unknown) => {
    throw new ArkivError("archive-error", err instanceof Error ? err.message : String(err));
  });

  const queue = new PQueue({ concurrency });
  const results: JobResult[] = [];
  const onPage = (path: string, done: number, total: number) => progress.page(path, done, total);
  // Worker processes (or, without isolation, one OCR engine for the whole batch) are made once and
  // kept: their OCR workers load the language data once.
  const cores = availableParallelism();
  const pool =
    options.isolate === false
      ? null
      : (() => {
          // Fewer documents than slots: fewer processes, each with more OCR workers (a lone scan uses every core).
          const size = Math.max(1, Math.min(concurrency, sources.length));
          return new WorkerPool({ size, ocrWorkersEach: Math.max(1, Math.floor(cores / size)), maxMemoryMb: options.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB, onPage });
        })();
  const services = pool ? null : lazyServices({ onPage });
  const extractor: Extractor = pool ? (job) => pool.extract(job) : inProcessExtractor(services!);
  const maxSourceBytes = pool ? sourceBytesWithin(options.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB, limitsOf(options.extract).maxSourceBytes) : limitsOf(options.extract).maxSourceBytes;
  const { unique, conflicts } = byDocumentId(sources);
  const unreadable = discovery.skipped.filter((e) => e.failed).map(unreadableFolder);
  const stop = () => {
    queue.clear();
    pool?.stop();
  };
  options.signal?.addEventListener("abort", stop, { once: true });
  progress.start(sources.length + unreadable.length);
  try {
    for (const result of [...unreadable, ...conflicts]) {
      results.push(result);
      progress.done(result);
    }
    for (const source of unique) {
      const password = options.passwords?.get(source.relPath) ?? options.passwords?.get(source.relPath.split("/").pop()!) ?? options.extract.password ?? null;
      const job: Job = {
        source,
        options: { repair: options.extract.repair, ocr: options.extract.ocr, password, limits: { ...options.extract.limits, maxSourceBytes } },
        archiveRoot,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        pageTimeoutMs: options.pageTimeoutMs,
      };
      void queue.add(async () => {
        const result = await runJob(job, extractor, archive, options.signal);
        results.push(result);
        progress.done(result);
      });
    }
    await queue.onIdle();
    // Documents the queue never started (it was cleared when the run was stopped).
    const done = new Set(results.map((r) => r.path));
    for (const source of unique) if (!done.has(source.relPath)) results.push(interruptedResult(source.relPath));
  } finally {
    options.signal?.removeEventListener("abort", stop);
    progress.finish();
    // In-process work cannot be stopped: the caller exits the process once the report is written.
    await archive.idle();
    await pool?.close();
    if (!options.signal?.aborted) await services?.close();
  }
  let published: RunReport["publish"];
  try {
    if (options.signal?.aborted) throw new ArkivError("interrupted", "the run was stopped before the output folder was published; the next run publishes it");
    // An archive unchanged since output/ was published from it needs no publishing: a run with
    // nothing to do reads no document.
    const current =
      (await publishedState(options.outDir)) === (await archiveState(archive)) &&
      existsSync(join(options.outDir, "documents")) &&
      (await readMarker(options.outDir))?.unpublished.length === 0;
    const summary = current ? null : await publish(archive, options.outDir, lastPublish);
    published = { documents: summary?.documents ?? (await archive.objects()).length, written: summary?.written ?? 0, failed: summary?.failed ?? [], error: null };
  } catch (err) {
    // The output folder could not be written (a full disk, permissions), or the run was stopped: the report still says so.
    const e = toArkivError(err);
    published = {
      documents: 0,
      written: 0,
      failed: [],
      error: e.code === "interrupted" ? { code: e.code, message: e.message } : { code: "publish-error", message: `the output folder could not be written: ${e.message}` },
    };
  } finally {
    await archive.close();
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
      unchanged: results.filter((r) => r.outcome === "unchanged").length,
      failed: results.filter((r) => r.outcome === "failed").length,
      pages: results.reduce((n, r) => n + (r.pages ?? 0), 0),
      newVersions: results.filter((r) => r.archive?.version).length,
    },
    failuresByCode,
    files: results,
    skipped: discovery.skipped.filter((e) => !e.failed).map(({ path, reason }) => ({ path, reason })),
    publish: published,
  };
  await writeFileAtomic(reportPath, JSON.stringify(report, null, 2) + "\n");
  return report;
}

/** Copies of a source's bytes a worker holds at once: the file as read, and the decoder's own. */
const SOURCE_COPIES_IN_MEMORY = 2;

/**
 * The largest source a worker could hold within the memory ceiling (its bytes alone, held twice,
 * before any decoding): a bigger one is `too-large` before it is read, instead of a worker that is
 * stopped after it has taken the memory. Smaller ones are watched by the ceiling as they are read.
 */
function sourceBytesWithin(maxMemoryMb: number, limit: number): number {
  return Math.min(limit, Math.floor((maxMemoryMb * 1024 * 1024) / SOURCE_COPIES_IN_MEMORY));
}

/**
 * What the run writes, which discovery must not read back as sources when it lies inside the
 * input: the archive, its workspace, the output folder and the report.
 */
function ownFolders(archiveRoot: string, outDir: string, reportPath: string): string[] {
  return [archiveRoot, join(dirname(archiveRoot), `.${basename(archiveRoot)}-work`), outDir, reportPath];
}

/** The result of a file the run did not process: failed, with why. */
function notProcessed(path: string, id: string | null, code: ErrorCode, message: string): JobResult {
  return { path, id, outcome: "failed", error: { code, message }, mediaType: null, sha256: null, pages: null, warnings: [], archive: null, durationMs: 0 };
}

/** A document the run was stopped before it finished. */
function interruptedResult(path: string): JobResult {
  return notProcessed(path, documentId(path), "interrupted", "the run was stopped before this document was finished; --retry-failed takes it up");
}

/** A folder discovery could not read: its files are unknown, so it counts as a failure. */
function unreadableFolder(entry: SkippedEntry): JobResult {
  return notProcessed(entry.path, null, "io-error", entry.reason);
}

/** With --retry-failed: the sources the previous run report lists as failed (all of them if there is no report). */
async function selectRetries(sources: SourceFile[], reportPath: string | undefined): Promise<SourceFile[]> {
  if (!reportPath) return sources;
  const previous = await readFile(reportPath, "utf8").then(
    (text) => JSON.parse(text) as RunReport,
    () => null,
  );
  if (!previous) return sources;
  const failed = new Set(previous.files.filter((f) => f.outcome === "failed").map((f) => f.path));
  return sources.filter((s) => failed.has(s.relPath));
}

/** Two paths that give one document id: the first (in path order) is archived, the others are reported. */
function byDocumentId(sources: readonly SourceFile[]): { unique: SourceFile[]; conflicts: JobResult[] } {
  const seen = new Map<string, string>();
  const unique: SourceFile[] = [];
  const conflicts: JobResult[] = [];
  for (const source of sources) {
    const id = documentId(source.relPath);
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, source.relPath);
      unique.push(source);
      continue;
    }
    conflicts.push(notProcessed(source.relPath, id, "id-conflict", `${source.relPath} and ${first} both give the document id "${id}"; rename one of them`));
  }
  return { unique, conflicts };
}

export interface CheckResult {
  /** Sources whose archived head is missing or out of date, with the reason. */
  stale: { path: string; reason: string }[];
  /** Whether output/ was published from the archive as it is now. */
  outputCurrent: boolean;
}

/**
 * What `arkiv run --check` reports, without processing anything: sources that would be
 * (re)processed, and whether output/ matches the archive. Reads the sources to hash them; decodes
 * nothing.
 */
export async function checkBatch(paths: readonly string[], options: RunOptions): Promise<CheckResult> {
  const archiveRoot = options.archiveRoot ?? defaultArchiveRoot(options.outDir);
  const { sources } = await discover(paths, ownFolders(archiveRoot, options.outDir, options.reportPath ?? join(options.outDir, "run-report.json")));
  const archive = await Archive.open(archiveRoot);
  const stale: CheckResult["stale"] = [];
  for (const source of sources) {
    const sha256 = await inspectSource(source.absPath, source.relPath, limitsOf(options.extract).maxSourceBytes)
      .then(() => sha256File(source.absPath))
      .catch((err: unknown) => toArkivError(err));
    if (sha256 instanceof ArkivError) {
      stale.push({ path: source.relPath, reason: `cannot be processed: ${sha256.code}: ${sha256.message}` });
      continue;
    }
    const reason = await headProvenance(archive, objectId(documentId(source.relPath))).then(
      (head) => staleness(head, source.relPath, sha256, options.extract),
      (err: unknown) => `archive damaged: ${toArkivError(err).message}`,
    );
    if (reason) stale.push({ path: source.relPath, reason });
  }
  const outputCurrent = (await publishedState(options.outDir)) === (await archiveState(archive));
  return { stale, outputCurrent };
}
