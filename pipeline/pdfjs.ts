// Opens a PDF with pdf.js the one way every stage does: legacy Node build, fonts, CMaps and image
// decoders from the installed package (never the network), no eval, no system fonts.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import type { PDFDocumentProxy } from "pdfjs-dist/types/src/display/api.js";
import { toArkivError } from "../src/model/errors.ts";

const require = createRequire(import.meta.url);
const PDFJS_ROOT = dirname(require.resolve("pdfjs-dist/package.json"));
const STANDARD_FONTS = pathToFileURL(join(PDFJS_ROOT, "standard_fonts") + "/").pathname;
const CMAPS = pathToFileURL(join(PDFJS_ROOT, "cmaps") + "/").pathname;
// The image decoders pdf.js 5 runs as WebAssembly: OpenJPEG (JPEG 2000, which has no other decoder:
// without this a JPX scan renders as a blank page), JBIG2 and CCITT (faster than their JS
// fallbacks) and qcms (ICC colour).
const WASM = pathToFileURL(join(PDFJS_ROOT, "wasm") + "/").pathname;

export interface OpenPdfOptions {
  password?: string;
  /** Images with more pixels than this are not decoded by pdf.js (a decompression-bomb guard). */
  maxImageSize?: number;
}

/**
 * Opens a PDF. pdf.js takes ownership of `data` (it is transferred to the worker side), so pass
 * bytes the caller does not need afterwards. Failures come back as ArkivError (corrupt,
 * password-required, ...).
 */
export async function openPdfDocument(data: Uint8Array, options: OpenPdfOptions = {}): Promise<PDFDocumentProxy> {
  try {
    return await pdfjs.getDocument({
      data,
      password: options.password,
      maxImageSize: options.maxImageSize ?? -1,
      isEvalSupported: false,
      // No FontFace in Node: glyphs are drawn as paths, which is what rendering onto a canvas needs.
      disableFontFace: true,
      useSystemFonts: false,
      standardFontDataUrl: STANDARD_FONTS,
      cMapUrl: CMAPS,
      cMapPacked: true,
      wasmUrl: WASM,
      verbosity: 0,
    }).promise;
  } catch (err) {
    throw toArkivError(err);
  }
}
