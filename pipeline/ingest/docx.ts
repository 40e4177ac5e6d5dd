// Word documents (.docx): mammoth reads the document's semantics (headings from styles, lists with
// their levels, tables, footnotes, links) into clean HTML, and the HTML reader turns that into
// blocks, so a DOCX and a saved web page give the same kind of record. The zip is checked first
// (openZip: entry count, sizes, compression ratio), so a zip bomb never reaches mammoth's unzip.
import mammoth from "mammoth";
import { ArkivError } from "../../src/model/errors.ts";
import type { Warning } from "../../src/model/document.ts";
import { readHtml } from "./html.ts";
import type { IngestResult } from "./types.ts";
import { DEFAULT_ZIP_LIMITS, openZip, skippedWarnings, type ZipLimits } from "./zip.ts";

export async function readDocx(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<IngestResult> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const zip = await openZip(buffer, limits);
  const isWord = zip.has("word/document.xml") || zip.has("[Content_Types].xml");
  const skipped = zip.skipped;
  try {
    if (!isWord) throw new ArkivError("unsupported-format", "a zip archive, not a Word document (no word/document.xml)");
    // mammoth unzips on its own (JSZip), trusting the sizes the zip declares. The parts it reads
    // are inflated here first, under the limits, so a zip that lies about them fails here.
    for (const name of zip.names) if (/\.(xml|rels)$/i.test(name)) await zip.read(name);
  } finally {
    zip.close();
  }

  const converted = await mammoth
    .convertToHtml(
      { buffer },
      {
        // Linked files are never fetched; pictures are left out (their bytes are no text).
        externalFileAccess: false,
        convertImage: mammoth.images.imgElement(async () => ({ src: "" })),
      },
    )
    .catch((err: unknown) => {
      throw new ArkivError("corrupt", `not a readable Word document: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    });
  // The content is the body: <main> keeps the HTML reader from treating any of it as page chrome.
  const html = `<!doctype html><html><head><meta charset="utf-8"></head><body><main>${converted.value}</main></body></html>`;
  const result = readHtml(new TextEncoder().encode(html));
  const warnings: Warning[] = [
    ...result.warnings,
    ...skippedWarnings(skipped),
    ...converted.messages.map((m): Warning => ({ page: null, code: `docx-${m.type}`, message: m.message })),
  ];
  const pages = result.pages.map((p) => ({ ...p, methodReason: "DOCX is read natively (mammoth: styles, lists, tables, footnotes)" }));
  return { ...result, pages, encoding: null, warnings };
}
