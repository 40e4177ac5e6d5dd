import { fileTypeFromBuffer } from "file-type";
import { extname } from "node:path";

/** The reader that will handle a file, or the reason none will. */
export type SourceKind =
  | { kind: "pdf"; mediaType: "application/pdf" }
  | { kind: "html"; mediaType: "text/html" }
  | { kind: "docx"; mediaType: typeof DOCX }
  | { kind: "pptx"; mediaType: typeof PPTX }
  | { kind: "text"; mediaType: "text/plain" }
  | { kind: "image"; mediaType: string }
  | { kind: "unsupported"; mediaType: string; why: string };

/** Raster formats sharp decodes; their pages are read by OCR. */
const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/tiff", "image/webp", "image/gif", "image/bmp", "image/jp2", "image/avif", "image/heic"]);

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

const LATER: Record<string, string> = {};

/**
 * Decides the format from the bytes first and the file name second: a legacy archive is full of
 * misnamed files, and a .pdf that is really HTML must go to the HTML reader.
 */
export async function detectSourceKind(bytes: Uint8Array, fileName: string): Promise<SourceKind> {
  const head = bytes.subarray(0, 1024);
  // PDF readers accept the header anywhere in the first 1024 bytes, so do we.
  if (Buffer.from(head).includes("%PDF-")) return { kind: "pdf", mediaType: "application/pdf" };

  const sniffed = await fileTypeFromBuffer(bytes);
  const ext = extname(fileName).toLowerCase();
  if (sniffed) {
    if (sniffed.mime === "application/zip" || sniffed.mime.startsWith("application/vnd.openxmlformats")) {
      const officeType = OFFICE_BY_EXT[ext] ?? sniffed.mime;
      if (officeType === DOCX) return { kind: "docx", mediaType: DOCX };
      if (officeType === PPTX) return { kind: "pptx", mediaType: PPTX };
      return { kind: "unsupported", mediaType: officeType, why: LATER[officeType] ?? "zip archives are not read" };
    }
    if (sniffed.mime === "application/xml" && looksLikeHtml(head)) return { kind: "html", mediaType: "text/html" };
    if (IMAGE_TYPES.has(sniffed.mime)) return { kind: "image", mediaType: sniffed.mime };
    return {
      kind: "unsupported",
      mediaType: sniffed.mime,
      why: LATER[sniffed.mime] ?? `${sniffed.mime} (.${sniffed.ext}) is not a format arkiv reads`,
    };
  }
  const notDocument = NOT_DOCUMENTS[ext];
  if (notDocument) return { kind: "unsupported", mediaType: notDocument, why: `${ext} files are data or code, not documents` };
  if (looksLikeHtml(head) || ext === ".html" || ext === ".htm" || ext === ".xhtml") {
    return { kind: "html", mediaType: "text/html" };
  }
  if (ext === ".txt" || ext === ".text" || isMostlyText(head)) return { kind: "text", mediaType: "text/plain" };
  return { kind: "unsupported", mediaType: "application/octet-stream", why: "not a format arkiv recognises" };
}

/** Text-based files that are not documents of the archive (manifests, code, data). */
const NOT_DOCUMENTS: Record<string, string> = {
  ".json": "application/json",
  ".md": "text/markdown",
  ".csv": "text/csv",
  ".tsv": "text/tab-separated-values",
  ".xml": "application/xml",
  ".yml": "application/yaml",
  ".yaml": "application/yaml",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".ts": "text/x-typescript",
  ".css": "text/css",
  ".py": "text/x-python",
  ".sh": "application/x-sh",
};

const OFFICE_BY_EXT: Record<string, string> = {
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};

function looksLikeHtml(head: Uint8Array): boolean {
  const start = Buffer.from(head).toString("latin1").trimStart().slice(0, 512).toLowerCase();
  return /^(?:\ufeff|ï»¿)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype html|<html[\s>])/.test(start);
}

/** Text files have no NUL bytes and few control characters. */
function isMostlyText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let control = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control / head.length < 0.02;
}
