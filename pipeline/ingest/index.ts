import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { ArkivError } from "../../src/model/errors.ts";
import type { DocumentRecord, StageRun } from "../../src/model/document.ts";
import { PIPELINE_VERSION } from "../../src/version.ts";
import { limitsOf, type ExtractOptions, type Limits, type SourceFile } from "../types.ts";
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from "./zip.ts";
import { detectSourceKind } from "./detect.ts";
import { detectLanguage } from "./language.ts";
import { readDocx } from "./docx.ts";
import { readHtml } from "./html.ts";
import { readPptx } from "./pptx.ts";
import { readImage } from "./image.ts";
import { readPdf } from "./pdf.ts";
import { readText } from "./text.ts";
import type { IngestResult } from "./types.ts";
import { documentId } from "./id.ts";
import { dropUnsafeLinks } from "./links.ts";

export const INGEST_VERSION = "1.8.0";

/** The zip limits a user set; one entry may be as large as the whole package may, up to the default. */
function zipLimits(limits: Limits): ZipLimits {
  return {
    ...DEFAULT_ZIP_LIMITS,
    maxEntries: limits.maxZipEntries,
    maxTotalBytes: limits.maxZipBytes,
    maxEntryBytes: Math.min(limits.maxZipBytes, DEFAULT_ZIP_LIMITS.maxEntryBytes),
  };
}

/** Stage 1: reads one source file into a new document record (pages, blocks, links, source facts). */
export async function ingest(source: SourceFile, options: ExtractOptions): Promise<DocumentRecord> {
  const limits = limitsOf(options);
  const info = await stat(source.absPath);
  if (!info.isFile()) throw new ArkivError("not-a-file", `${source.relPath} is not a regular file`);
  if (info.size === 0) throw new ArkivError("empty", `${source.relPath} is empty (0 bytes)`);
  if (info.size > limits.maxSourceBytes) {
    throw new ArkivError("too-large", `${source.relPath} is ${info.size} bytes; the limit is ${limits.maxSourceBytes}`);
  }
  // The file's own buffer, not a copy of it: a large source is in memory once.
  const file = await readFile(source.absPath);
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const kind = await detectSourceKind(bytes, basename(source.relPath));

  let result: IngestResult;
  switch (kind.kind) {
    case "pdf":
      result = await readPdf(bytes, { password: options.password ?? undefined, ...limits });
      break;
    case "html":
      result = readHtml(bytes);
      break;
    case "docx":
      result = await readDocx(bytes, zipLimits(limits));
      break;
    case "pptx":
      result = await readPptx(bytes, zipLimits(limits));
      break;
    case "text":
      result = readText(bytes);
      break;
    case "image":
      result = await readImage(bytes, limits.maxPixels, limits.maxPages);
      break;
    case "unsupported":
      throw new ArkivError("unsupported-format", `${kind.mediaType}: ${kind.why}`);
  }

  const linkWarnings = dropUnsafeLinks(result);
  const stage: StageRun = {
    name: "ingest",
    version: INGEST_VERSION,
    status: "done",
    settings: { reader: kind.kind, languageDetected: result.language === null },
    note: null,
  };
  return {
    schema: "arkiv.document/1",
    id: documentId(source.relPath),
    title: result.title,
    language: result.language ?? detectLanguage(result.pages.map((p) => p.text).join("\n")),
    source: {
      path: source.relPath,
      sha256,
      mediaType: kind.mediaType,
      bytes: bytes.byteLength,
      pages: result.pages.length,
      encoding: result.encoding,
    },
    documentInfo: result.documentInfo,
    pages: result.pages,
    links: result.links,
    layout: result.layout,
    sections: [],
    repairs: [],
    metadata: {
      period: null,
      documentType: null,
      forums: [],
      timeline: [],
      focusAreas: [],
      vision: null,
      attachments: [],
      updated: null,
      editor: null,
      evidence: [],
    },
    warnings: [...result.warnings, ...linkWarnings],
    provenance: { pipelineVersion: PIPELINE_VERSION, stages: [stage] },
  };
}

export { documentId } from "./id.ts";
