// Messages between the batch and its worker processes (structured clone over IPC).
import type { DocumentRecord, Warning } from "../model/document.ts";
import type { ErrorCode } from "../model/errors.ts";
import type { Job } from "../model/job.ts";

/** What the archive needs of a record besides its JSON and Markdown, so the parent never parses the JSON. */
export interface RecordSummary {
  id: string;
  source: DocumentRecord["source"];
  pipelineVersion: string;
  stages: { name: string; version: string; settings: Record<string, unknown> }[];
  pages: number;
  warnings: Warning[];
}

export function recordSummary(record: DocumentRecord): RecordSummary {
  return {
    id: record.id,
    source: record.source,
    pipelineVersion: record.provenance.pipelineVersion,
    stages: record.provenance.stages.map((s) => ({ name: s.name, version: s.version, settings: s.settings })),
    pages: record.pages.length,
    warnings: record.warnings,
  };
}

export type WorkerRequest = { type: "job"; job: Job } | { type: "stop" };

export type WorkerReply =
  | { type: "ready" }
  /** The worker has begun the document: its time limit runs from here. */
  | { type: "started" }
  | { type: "page"; relPath: string; done: number; total: number }
  | { type: "done"; json: string; markdown: string; summary: RecordSummary }
  | { type: "failed"; code: ErrorCode; message: string };
