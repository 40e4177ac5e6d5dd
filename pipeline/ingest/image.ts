// Page images (PNG, JPEG, TIFF, …): ingest only counts the pages and notes their size; the pixels
// are read page by page by the OCR stage, so a 200-page TIFF never sits in memory whole.
import sharp from "sharp";
import type { Page } from "../../src/model/document.ts";
import { ArkivError } from "../../src/model/errors.ts";
import { EMPTY_DOCUMENT_INFO, type IngestResult } from "./types.ts";

/** Reads the header only: an image over `maxPixels` (a pixel bomb) is refused before any pixel is decoded. */
export async function readImage(bytes: Uint8Array, maxPixels: number, maxPages = Infinity): Promise<IngestResult> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: maxPixels }).metadata();
  } catch (err) {
    const message = (err as Error).message;
    if (/exceeds pixel limit/i.test(message)) throw new ArkivError("too-large", `the image has more than ${maxPixels} pixels (the limit; --max-pixels)`, { cause: err });
    throw new ArkivError("corrupt", `the image cannot be read: ${message}`, { cause: err });
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (!width || !height) throw new ArkivError("corrupt", "the image has no dimensions");
  if (width * height > maxPixels) {
    throw new ArkivError("too-large", `the image is ${width}×${height} pixels; the limit is ${maxPixels} pixels (--max-pixels)`);
  }
  const count = Math.max(1, meta.pages ?? 1);
  if (count > maxPages) throw new ArkivError("too-large", `the image file has ${count} pages; the limit is ${maxPages} (--max-pages)`);
  // EXIF orientations 5–8 turn the picture a quarter: the page shows with width and height swapped.
  const quarter = (meta.orientation ?? 1) >= 5;
  const pages: Page[] = Array.from({ length: count }, (_, i) => ({
    number: i + 1,
    method: "ocr",
    methodReason: "an image file: its text can only come from OCR",
    text: "",
    rawText: "",
    confidence: null,
    width: quarter ? height : width,
    height: quarter ? width : height,
    blocks: [],
    furniture: [],
    dropped: [],
    notes: null,
    textLayer: null,
    ocr: null,
    words: [],
  }));
  return {
    pages,
    links: [],
    documentInfo: EMPTY_DOCUMENT_INFO,
    title: null,
    language: null,
    encoding: null,
    warnings: [],
    layout: "pages",
  };
}
