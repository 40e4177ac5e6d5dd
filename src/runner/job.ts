import type { Services } from "../../pipeline/index.ts";
import type { Extraction } from "./pool.ts";
import { recordSummary } from "./protocol.ts";
import { documentId } from "../../pipeline/ingest/id.ts";
import { headProvenance, objectFiles, staleness, type Provenance } from "../archive/documents.ts";
import { objectId } from "../archive/layout.ts";
import type { Archive } from "../archive/store.ts";
import { PIPELINE_VERSION } from "../version.ts";
import { ArkivError, toArkivError, type ErrorCode } from "../model/errors.ts";
import type { Job, JobResult } from "../model/job.ts";
import { limitsOf } from "../../pipeline/types.ts";
import { inspectSource, sha256File } from "./source.ts";

/** Extracts one document (in a worker process, or in this one); never rejects. */
export type Extractor = (job: Job) => Promise<Extraction>;

/**
 * Runs one job to completion and never throws: any failure becomes a named error in the result,
 * so one bad file cannot stop a batch. A source whose archived head was made from the same bytes
 * by the same pipeline is not decoded again.
 */
export async function runJob(job: Job, extractor: Extractor, archive: Archive, signal?: AbortSignal): Promise<JobResult> {
  const started = performance.now();
  const id = documentId(job.source.relPath);
  const base: Omit<JobResult, "outcome" | "error" | "durationMs"> = {
    path: job.source.relPath,
    id,
    mediaType: null,
    sha256: null,
    pages: null,
    warnings: [],
    archive: null,
  };
  const failed = (code: ErrorCode, message: string): JobResult => ({
    ...base,
    outcome: "failed",
    error: { code, message },
    durationMs: Math.round(performance.now() - started),
  });
  try {
    // Looked at and streamed, never read whole here: the worker reads it, under its limits.
    await inspectSource(job.source.absPath, job.source.relPath, limitsOf(job.options).maxSourceBytes);
    const sha256 = await sha256File(job.source.absPath);
    const oid = objectId(id);
    // A damaged inventory cannot be built on: the document fails with archive-damaged.
    await archive.inventory(oid);
    // A current head is only left alone when what it publishes is intact; otherwise the document
    // is made again and the commit writes the damaged files anew from the same bytes (or, where
    // they held other bytes, fails with archive-damaged: history is not rewritten).
    const head = await headProvenance(archive, oid).catch((err: unknown) => {
      if (err instanceof ArkivError && err.code === "archive-damaged") return "damaged" as const;
      throw err;
    });
    let stale = head === "damaged" ? "archive damaged (provenance.json)" : staleness(head, job.source.relPath, sha256, job.options);
    const damaged = stale ? [] : await archive.damagedContent(oid, PUBLISHED_FILES);
    if (damaged.length) stale = `archive damaged (${damaged.join(", ")})`;
    if (!stale) {
      const inventory = await archive.inventory(oid);
      return {
        ...base,
        outcome: "unchanged",
        error: null,
        mediaType: (head as Provenance).source.mediaType,
        sha256,
        archive: { objectId: oid, version: null, head: inventory!.head },
        durationMs: Math.round(performance.now() - started),
      };
    }
    // A stopped run stops waiting for the document at once (a worker process is killed; work in
    // this process cannot be, and its result is not committed).
    if (signal?.aborted) return failed("interrupted", "the run was stopped before this document was finished; --retry-failed takes it up");
    const extraction = await untilAborted(extractor(job), signal);
    if (extraction === null || signal?.aborted) return failed("interrupted", "the run was stopped before this document was finished; --retry-failed takes it up");
    if (!extraction.ok) return { ...failed(extraction.code, extraction.message), sha256 };
    const { summary } = extraction;
    const committed = await archive
      .commit({ id: oid, files: objectFiles(job.source.absPath, extraction, job.options), message: `arkiv ${PIPELINE_VERSION}: ${stale}`, user: ARCHIVE_USER })
      .catch((err: unknown) => {
        if (err instanceof ArkivError) throw err;
        throw new ArkivError("archive-error", `the archive could not be written: ${err instanceof Error ? err.message : String(err)}`);
      });
    const inventory = await archive.inventory(oid);
    const repaired = committed.repaired.length
      ? [{ page: null, code: "archive-repaired", message: `the archive's ${committed.repaired.join(", ")} ${committed.repaired.length > 1 ? "were" : "was"} missing or altered and ${committed.repaired.length > 1 ? "were" : "was"} written again` }]
      : [];
    return {
      ...base,
      outcome: "ok",
      error: null,
      mediaType: summary.source.mediaType,
      sha256: summary.source.sha256,
      pages: summary.pages,
      warnings: [...summary.warnings, ...repaired],
      archive: { objectId: oid, version: committed.version, head: inventory!.head },
      durationMs: Math.round(performance.now() - started),
    };
  } catch (err) {
    const e = toArkivError(err);
    return failed(e.code, e.message);
  }
}

/** The in-process extractor (no isolation): for `--no-isolate`, tests and one-document runs. */
export function inProcessExtractor(services: Services): Extractor {
  return async (job) => {
    try {
      // Loaded only when a document needs processing: a run with nothing to do stays fast.
      const { extract } = await import("../../pipeline/index.ts");
      const emitted = await withTimeout(extract(job.source, job.options, services), job.timeoutMs, job.source.relPath);
      return { ok: true, json: emitted.json, markdown: emitted.markdown, summary: recordSummary(emitted.record) };
    } catch (err) {
      const e = toArkivError(err);
      return { ok: false, code: e.code, message: e.message };
    }
  };
}

/** The work's result, or null as soon as the signal stops the run. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T | null> {
  if (!signal) return work;
  if (signal.aborted) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(null);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** The head files a run republishes (and so checks before it trusts a current head). */
const PUBLISHED_FILES = ["document.json", "document.md", "provenance.json"];

/** Who the archive's versions name as their author. */
export const ARCHIVE_USER = { name: "arkiv", address: "urn:arkiv:pipeline" };

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
