// What a document's OCFL object holds, and how a run tells that it is current. Each version has
// the original file (source/<name>), document.md, document.json and provenance.json; provenance
// holds what made the outputs (pipeline version, stage versions and settings, the source's digest)
// and no clock time, so an unchanged source under an unchanged pipeline gives identical bytes and
// no new version.
import type { ExtractOptions } from "../../pipeline/types.ts";
import type { RecordSummary } from "../runner/protocol.ts";
import { PIPELINE_VERSION } from "../version.ts";
import type { Archive, ArchiveFile } from "./store.ts";

export const SOURCE_DIR = "source";

export interface Provenance {
  schema: "arkiv.provenance/1";
  documentId: string;
  source: { path: string; sha256: string; bytes: number; mediaType: string };
  pipelineVersion: string;
  options: { repair: boolean; ocr: string };
  stages: { name: string; version: string; settings: Record<string, unknown> }[];
}

/** The files of a document's version; the original is streamed in from `sourcePath` (it must still have the extracted bytes). */
export function objectFiles(sourcePath: string, output: { json: string; markdown: string; summary: RecordSummary }, options: ExtractOptions): ArchiveFile[] {
  const { summary } = output;
  const provenance: Provenance = {
    schema: "arkiv.provenance/1",
    documentId: summary.id,
    source: { path: summary.source.path, sha256: summary.source.sha256, bytes: summary.source.bytes, mediaType: summary.source.mediaType },
    pipelineVersion: summary.pipelineVersion,
    options: { repair: options.repair, ocr: options.ocr },
    stages: summary.stages,
  };
  const name = summary.source.path.split("/").pop()!;
  return [
    { logicalPath: `${SOURCE_DIR}/${name}`, path: sourcePath, sha256: summary.source.sha256 },
    { logicalPath: "document.json", bytes: Buffer.from(output.json) },
    { logicalPath: "document.md", bytes: Buffer.from(output.markdown) },
    { logicalPath: "provenance.json", bytes: Buffer.from(`${JSON.stringify(provenance, null, 2)}\n`) },
  ];
}

export async function headProvenance(archive: Archive, objectId: string): Promise<Provenance | null> {
  const bytes = await archive.read(objectId, "provenance.json");
  return bytes ? (JSON.parse(bytes.toString("utf8")) as Provenance) : null;
}

/**
 * Why the head is out of date for this source, or null when it is current: same source bytes,
 * same path, same pipeline version and options. (A change in any stage's output must come with a
 * new pipeline version: PIPELINE_VERSION says so.)
 */
export function staleness(head: Provenance | null, relPath: string, sha256: string, options: ExtractOptions): string | null {
  if (!head) return "new source";
  if (head.source.sha256 !== sha256) return "source changed";
  if (head.source.path !== relPath) return "source moved";
  if (head.pipelineVersion !== PIPELINE_VERSION) return `pipeline ${head.pipelineVersion} → ${PIPELINE_VERSION}`;
  if (head.options.repair !== options.repair || head.options.ocr !== options.ocr) return "options changed";
  return null;
}
