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
  const tries = passwordForms(options.password);
  for (const [i, password] of tries.entries()) {
    const last = i === tries.length - 1;
    try {
      // pdf.js takes the buffer: keep a copy only while another try may need it.
      return await open(last ? data : data.slice(), options, password);
    } catch (err) {
      if (last || !(err instanceof Error) || err.name !== "PasswordException") throw toArkivError(err);
    }
  }
  throw new Error("unreachable");
}

/**
 * The byte strings a password may have to be given as. pdf.js hands it to the security handler one
 * byte per character: files up to AES-128 want Latin-1 (the password as typed), AES-256 (R6) files
 * the UTF-8 bytes of the SASLprep'd password (RFC 4013: soft hyphens and the like dropped, NFKC).
 */
function passwordForms(password: string | undefined): (string | undefined)[] {
  if (!password || !/[^\x00-\x7f]/.test(password)) return [password];
  const utf8 = (s: string) => Buffer.from(s, "utf8").toString("latin1");
  const prepared = password
    .replace(/[\u00ad\u034f\u1806\u180b-\u180d\u200b-\u200d\u2060\ufe00-\ufe0f\ufeff]/g, "")
    .replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, " ")
    .normalize("NFKC");
  return [...new Set([password, utf8(password), utf8(prepared)])];
}

function open(data: Uint8Array, options: OpenPdfOptions, password: string | undefined): Promise<PDFDocumentProxy> {
  return pdfjs.getDocument({
      data,
      password,
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
}
