// Page images for OCR, one page at a time. A scanned PDF page that is one raster image gives that
// image at its native resolution (no resampling, so no blur and no invented pixels); any other PDF
// page is rendered with pdf.js onto an @napi-rs/canvas canvas; image files are decoded by sharp.
// Nothing is cached between pages: a 200-page scan holds the PDF bytes plus one page's pixels.
import { readFile } from "node:fs/promises";
import { createCanvas } from "@napi-rs/canvas";
import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import type { PDFDocumentProxy, PDFPageProxy } from "pdfjs-dist/types/src/display/api.js";
import sharp from "sharp";
import { ArkivError, toArkivError } from "../../src/model/errors.ts";
import { openPdfDocument } from "../pdfjs.ts";
import type { PageImage } from "./types.ts";
import { maxOf, minOf } from "../../src/lib/arrays.ts";

export interface PageImageOptions {
  /** Resolution for rendered PDF pages. Embedded page images keep their own resolution. Default 300. */
  dpi?: number;
  /** Largest image (in pixels) that may be decoded or rendered. Default 2.5e8. */
  maxPixels?: number;
  password?: string;
}

export interface PageImageSource {
  pageCount: number;
  /** The pixels of page `n` (1-based), decoded on request and not kept. */
  page(n: number): Promise<PageImage>;
  close(): Promise<void>;
}

export const DEFAULT_DPI = 300;
export const DEFAULT_MAX_PIXELS = 2.5e8;
// Skia (behind @napi-rs/canvas) refuses surfaces wider or taller than this.
const MAX_CANVAS_SIDE = 32_767;

interface Settings {
  dpi: number;
  maxPixels: number;
  password: string | undefined;
}

/** Pixels without page context: what the decoding helpers pass around. */
interface Raster {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Buffer;
}

/**
 * Opens a PDF or an image file as a source of page images. Throws ArkivError: `corrupt` for a
 * file that cannot be decoded, `too-large` for an image over `maxPixels`, `password-required`,
 * `io-error`.
 */
export async function openPageImages(
  absPath: string,
  kind: "pdf" | "image",
  options: PageImageOptions = {},
): Promise<PageImageSource> {
  const settings: Settings = {
    dpi: positive(options.dpi ?? DEFAULT_DPI, "dpi"),
    maxPixels: positive(options.maxPixels ?? DEFAULT_MAX_PIXELS, "maxPixels"),
    password: options.password,
  };
  return kind === "pdf" ? openPdf(absPath, settings) : openImageFile(absPath, settings);
}

function positive(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

function checkPage(n: number, pageCount: number): number {
  if (!Number.isInteger(n) || n < 1 || n > pageCount) {
    throw new RangeError(`page ${n} is out of range: the source has ${pageCount} page(s)`);
  }
  return n;
}

// ---- PDF ---------------------------------------------------------------------------------------

async function openPdf(absPath: string, settings: Settings): Promise<PageImageSource> {
  const bytes = await readFile(absPath).catch((err: unknown) => {
    throw toArkivError(err);
  });
  // A Uint8Array view (not the Buffer itself): pdf.js copies Buffers, and we hand it the only copy.
  const doc = await openPdfDocument(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    password: settings.password,
    // pdf.js skips images over this size instead of decoding them: a bomb cannot allocate its pixels.
    maxImageSize: settings.maxPixels,
  });
  return {
    pageCount: doc.numPages,
    page: async (n) => pdfPage(doc, checkPage(n, doc.numPages), settings),
    close: () => doc.destroy(),
  };
}

async function pdfPage(doc: PDFDocumentProxy, n: number, settings: Settings): Promise<PageImage> {
  try {
    const page = await doc.getPage(n);
    try {
      return (await embeddedImage(page, n)) ?? (await renderPage(page, n, settings));
    } finally {
      // Drop the page's operator list, fonts and decoded images before the next page is asked for.
      page.cleanup();
    }
  } catch (err) {
    throw toArkivError(err);
  }
}

/** The page as shown by a viewer, taken from its one embedded image; null when the page is more than that. */
async function embeddedImage(page: PDFPageProxy, n: number): Promise<PageImage | null> {
  const viewport = page.getViewport({ scale: 1 });
  const ops = await page.getOperatorList();
  const sole = findSoleImage(ops.fnArray, ops.argsArray);
  if (!sole) return null;
  // Image space (unit square, first row at the top) → user space (ctm) → displayed page (viewport,
  // which includes /Rotate and the y flip).
  const toPage = pdfjs.Util.transform(
    pdfjs.Util.transform(viewport.transform, sole.ctm),
    [1, 0, 0, -1, 0, 1],
  ) as Matrix;
  const placement = placeImage(toPage, viewport.width, viewport.height);
  if (!placement) return null;
  const decoded = await decodeImage(page, sole);
  // Transparent parts of the image would show what is painted under it: let pdf.js compose that.
  if (!decoded || (decoded.transparent && sole.paintedUnder)) return null;
  const shown = orient(decoded.raster, placement);
  return {
    page: n,
    ...shown,
    dpi: round(shown.width / (viewport.width / 72)),
    origin: "embedded-image",
    pageWidth: round(viewport.width),
    pageHeight: round(viewport.height),
  };
}

/** Renders the page at the requested dpi (lowered when the page is so big it would pass the render budget). */
async function renderPage(page: PDFPageProxy, n: number, settings: Settings): Promise<PageImage> {
  const base = page.getViewport({ scale: 1 });
  const dpi = fitDpi(base.width, base.height, settings);
  const viewport = page.getViewport({ scale: dpi / 72 });
  const width = Math.max(1, Math.round(viewport.width));
  const height = Math.max(1, Math.round(viewport.height));
  const canvas = createCanvas(width, height);
  try {
    const context = canvas.getContext("2d");
    await page.render({
      canvas: null,
      // @napi-rs/canvas implements the 2D context API pdf.js draws with; the DOM type is not in scope.
      canvasContext: context as unknown as NonNullable<Parameters<PDFPageProxy["render"]>[0]["canvasContext"]>,
      viewport,
      background: "#ffffff",
    }).promise;
    const rgba = context.getImageData(0, 0, width, height).data;
    return {
      page: n,
      ...fromRgba(rgba, width, height),
      dpi,
      origin: "rendered",
      pageWidth: round(base.width),
      pageHeight: round(base.height),
    };
  } finally {
    // Release the Skia surface now rather than whenever the garbage collector gets to it.
    canvas.width = 0;
    canvas.height = 0;
  }
}

/**
 * Pixels a rendered page may have: a canvas holds 4 bytes a pixel and getImageData copies them, so
 * 40 million (A2 at 300 dpi) is ~0.5 GB at the peak. A poster renders at a lower dpi; its type is
 * large anyway.
 */
const MAX_RENDER_PIXELS = 40_000_000;

function fitDpi(pageWidth: number, pageHeight: number, settings: Settings): number {
  const byPixels = 72 * Math.sqrt(Math.min(settings.maxPixels, MAX_RENDER_PIXELS) / (pageWidth * pageHeight));
  const bySide = (72 * MAX_CANVAS_SIDE) / Math.max(pageWidth, pageHeight);
  return Math.min(settings.dpi, byPixels, bySide);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

// ---- which operators make the page ------------------------------------------------------------

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const OPS = pdfjs.OPS;
const TEXT_SHOW = new Set<number>([OPS.showText, OPS.showSpacedText, OPS.nextLineShowText, OPS.nextLineSetSpacingShowText]);
const SINGLE_IMAGE = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject]);
// Several images in one operator (pdf.js groups repeated or tiled images): never "one image".
const IMAGE_GROUPS = new Set<number>([
  OPS.paintImageXObjectRepeat,
  OPS.paintImageMaskXObjectRepeat,
  OPS.paintImageMaskXObjectGroup,
  OPS.paintInlineImageXObjectGroup,
]);
// Text render modes 3 (invisible, the OCR layer of searchable scans) and 7 (clip only) paint nothing.
const INVISIBLE_TEXT = new Set([3, 7]);

interface GraphicsState {
  ctm: Matrix;
  textMode: number;
  fill: string | null;
}

interface SoleImage {
  fn: number;
  arg: unknown;
  /** User-space placement of the image's unit square. */
  ctm: Matrix;
  /** Fill colour (#rrggbb) an image mask is painted with. */
  fill: string | null;
  /** Something visible was painted before the image (hidden by it only where the image is opaque). */
  paintedUnder: boolean;
}

/**
 * Finds the one image a page consists of, walking pdf.js's operator list with the graphics state
 * it needs (ctm, text render mode, fill colour). Null when anything else is visible: a second
 * image, paths or shadings that the image does not cover, visible text drawn over the image, or an
 * annotation appearance. Invisible text is ignored: it is the OCR layer of a searchable scan.
 */
function findSoleImage(fnArray: readonly number[], argsArray: readonly unknown[]): SoleImage | null {
  const stack: GraphicsState[] = [];
  let state: GraphicsState = { ctm: IDENTITY, textMode: 0, fill: null };
  let image: SoleImage | null = null;
  const under: number[][] = [];
  let annotations = 0;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]!;
    const args = (argsArray[i] ?? []) as unknown[];
    if (fn === OPS.save || fn === OPS.beginGroup) stack.push({ ...state });
    else if (fn === OPS.restore || fn === OPS.endGroup || fn === OPS.paintFormXObjectEnd) state = stack.pop() ?? state;
    else if (fn === OPS.transform) state = { ...state, ctm: multiply(state.ctm, asMatrix(args) ?? IDENTITY) };
    else if (fn === OPS.paintFormXObjectBegin) {
      // A form XObject (some scanners wrap the page image in one) draws in its own matrix.
      stack.push({ ...state });
      state = { ...state, ctm: multiply(state.ctm, asMatrix(args[0]) ?? IDENTITY) };
    } else if (fn === OPS.beginAnnotation) annotations++;
    else if (fn === OPS.endAnnotation) annotations--;
    else if (fn === OPS.setTextRenderingMode) state = { ...state, textMode: Number(args[0]) };
    else if (fn === OPS.setFillRGBColor) state = { ...state, fill: typeof args[0] === "string" ? args[0] : null };
    else if (SINGLE_IMAGE.has(fn)) {
      if (image || annotations > 0) return null;
      image = { fn, arg: args[0], ctm: state.ctm, fill: state.fill, paintedUnder: under.length > 0 };
    } else if (IMAGE_GROUPS.has(fn)) return null;
    else {
      const painted = paintedBox(fn, args, state);
      if (painted === undefined) continue;
      // Anything visible on top of the image, or in an annotation, is page content the image lacks;
      // under it, only what we can show it hides.
      if (image || annotations > 0 || painted === null) return null;
      under.push(painted);
    }
  }
  if (!image) return null;
  if (image.paintedUnder && !under.every((box) => box.length === 0 || covers(image!.ctm, box))) return null;
  return image;
}

/**
 * What a painting operator covers, in user space: a box [x0, y0, x1, y1], [] when it cannot be
 * known cheaply but would be hidden under a page-covering image (text), null when unknown and not
 * provably hidden, undefined when the operator paints nothing.
 */
function paintedBox(fn: number, args: unknown[], state: GraphicsState): number[] | null | undefined {
  if (fn === OPS.constructPath) {
    if (args[0] === OPS.endPath) return undefined; // a clipping path only
    const minMax = args[2] as ArrayLike<number> | null | undefined;
    return minMax && minMax.length >= 4 ? transformBox(state.ctm, [minMax[0]!, minMax[1]!, minMax[2]!, minMax[3]!]) : null;
  }
  if (fn === OPS.paintSolidColorImageMask) return transformBox(state.ctm, [0, 0, 1, 1]);
  if (fn === OPS.rawFillPath || fn === OPS.shadingFill) return null;
  if (TEXT_SHOW.has(fn)) return INVISIBLE_TEXT.has(state.textMode) ? undefined : [];
  return undefined;
}

/** pdf.js passes matrices as plain arrays (cm) or Float32Arrays (a form's /Matrix). */
function asMatrix(value: unknown): Matrix | null {
  if (!value || typeof value !== "object" || (value as ArrayLike<unknown>).length !== 6) return null;
  const m = Array.from(value as ArrayLike<unknown>, Number);
  return m.every(Number.isFinite) ? (m as Matrix) : null;
}

function multiply(m: Matrix, n: Matrix): Matrix {
  return pdfjs.Util.transform(m, n) as Matrix;
}

function transformBox(m: Matrix, [x0, y0, x1, y1]: number[]): number[] {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [[x0!, y0!], [x1!, y0!], [x0!, y1!], [x1!, y1!]] as const) {
    xs.push(m[0] * x + m[2] * y + m[4]);
    ys.push(m[1] * x + m[3] * y + m[5]);
  }
  return [minOf(xs), minOf(ys), maxOf(xs), maxOf(ys)];
}

/** Whether the image placed by `ctm` hides the box (with 0.2% of slack for rounding in producers). */
function covers(ctm: Matrix, box: number[]): boolean {
  const [x0, y0, x1, y1] = transformBox(ctm, [0, 0, 1, 1]) as [number, number, number, number];
  const slack = 0.002 * Math.max(x1 - x0, y1 - y0);
  return box[0]! >= x0 - slack && box[1]! >= y0 - slack && box[2]! <= x1 + slack && box[3]! <= y1 + slack;
}

// ---- placement: which way the image's pixels are shown -----------------------------------------

/**
 * How to turn the image's pixels so they read as the page is displayed. `swap`: image rows become
 * displayed columns (a 90° or 270° placement); `flipX`/`flipY`: the displayed axes run against the
 * image's own.
 */
interface Placement {
  swap: boolean;
  flipX: boolean;
  flipY: boolean;
}

/**
 * `m` maps image space (x right, y down, unit square) to the displayed page (points, y down).
 * Null when the image is not drawn at a multiple of 90° or does not cover the page: then its pixels
 * are not the page, and the page is rendered instead.
 */
function placeImage(m: Matrix, pageWidth: number, pageHeight: number): Placement | null {
  const [a, b, c, d] = m;
  const tolerance = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d)) * 0.01;
  let placement: Placement;
  if (Math.abs(b) <= tolerance && Math.abs(c) <= tolerance) placement = { swap: false, flipX: a < 0, flipY: d < 0 };
  else if (Math.abs(a) <= tolerance && Math.abs(d) <= tolerance) placement = { swap: true, flipX: c < 0, flipY: b < 0 };
  else return null;
  const [x0, y0, x1, y1] = transformBox(m, [0, 0, 1, 1]) as [number, number, number, number];
  const pageArea = pageWidth * pageHeight;
  const overlap = Math.max(0, Math.min(x1, pageWidth) - Math.max(x0, 0)) * Math.max(0, Math.min(y1, pageHeight) - Math.max(y0, 0));
  // A scan covers its page; an image much larger than the page would bring pixels the viewer crops away.
  if (overlap < 0.95 * pageArea || (x1 - x0) * (y1 - y0) > 1.1 * pageArea) return null;
  return placement;
}

/** Applies a placement: output pixel (x, y) is read from the image pixel the viewer shows there. */
function orient(raster: Raster, { swap, flipX, flipY }: Placement): Raster {
  if (!swap && !flipX && !flipY) return raster;
  const { width: w, height: h, channels, data } = raster;
  const outW = swap ? h : w;
  const outH = swap ? w : h;
  const out = Buffer.allocUnsafe(data.length);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const ox = flipX ? outW - 1 - x : x;
      const oy = flipY ? outH - 1 - y : y;
      // Swapped: displayed columns walk the image's rows and displayed rows its columns.
      const src = ((swap ? ox : oy) * w + (swap ? oy : ox)) * channels;
      const dst = (y * outW + x) * channels;
      for (let k = 0; k < channels; k++) out[dst + k] = data[src + k]!;
    }
  }
  return { width: outW, height: outH, channels, data: out };
}

// ---- decoded image objects → pixels ------------------------------------------------------------

interface DecodedImage {
  raster: Raster;
  /** The source had transparency (an alpha channel or a stencil mask), flattened here onto white. */
  transparent: boolean;
}

interface PdfjsImage {
  width?: number;
  height?: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray | null;
  bitmap?: unknown;
}

async function decodeImage(page: PDFPageProxy, sole: SoleImage): Promise<DecodedImage | null> {
  if (sole.fn === OPS.paintImageXObject) return fromImageData(await pageObject(page, sole.arg));
  if (sole.fn === OPS.paintInlineImageXObject) return fromImageData(sole.arg as PdfjsImage);
  // Image mask: the argument names the mask object (or, in older builds, carries it inline).
  const mask = sole.arg as { data?: unknown } & PdfjsImage;
  const maskData = typeof mask.data === "string" ? await pageObject(page, mask.data) : mask;
  return fromMask(maskData, sole.fill);
}

/** A decoded image from pdf.js: page objects, or common objects for images shared by pages ("g_" ids). */
function pageObject(page: PDFPageProxy, id: unknown): Promise<PdfjsImage | null> {
  if (typeof id !== "string") return Promise.resolve(null);
  const objs = id.startsWith("g_") ? page.commonObjs : page.objs;
  // The worker decodes images asynchronously; the callback form waits for the object (null if it failed).
  return new Promise((resolve) => objs.get(id, (obj: PdfjsImage | null) => resolve(obj ?? null)));
}

function fromImageData(img: PdfjsImage | null): DecodedImage | null {
  // No raw data (a `bitmap` from an OffscreenCanvas build): let the renderer handle it.
  if (!img?.data || !img.width || !img.height) return null;
  const { width, height, data } = img;
  const pixels = width * height;
  switch (img.kind) {
    case pdfjs.ImageKind.GRAYSCALE_1BPP:
      if (data.length < ((width + 7) >> 3) * height) return null;
      return { raster: unpackBits(data, width, height, 0, 255), transparent: false };
    case pdfjs.ImageKind.RGB_24BPP:
      if (data.length < pixels * 3) return null;
      return { raster: fromRgb(data, width, height), transparent: false };
    case pdfjs.ImageKind.RGBA_32BPP:
      if (data.length < pixels * 4) return null;
      return { raster: fromRgba(data, width, height), transparent: true };
    default:
      return null;
  }
}

/** A stencil mask paints the fill colour where a bit is 0 and leaves the page (white) where it is 1. */
function fromMask(mask: PdfjsImage | null, fill: string | null): DecodedImage | null {
  if (!mask?.data || !mask.width || !mask.height) return null;
  if (mask.data.length < ((mask.width + 7) >> 3) * mask.height) return null;
  return { raster: unpackBits(mask.data, mask.width, mask.height, grayOf(fill), 255), transparent: true };
}

function grayOf(hex: string | null): number {
  const m = hex ? /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex) : null;
  if (!m) return 0;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => parseInt(h, 16)) as [number, number, number];
  return Math.round(0.299 * r + 0.587 * g + 0.114 * b);
}

/** 1-bit rows, most significant bit first, each row padded to a whole byte. */
function unpackBits(data: ArrayLike<number>, width: number, height: number, zero: number, one: number): Raster {
  const out = Buffer.allocUnsafe(width * height);
  const rowBytes = (width + 7) >> 3;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      out[y * width + x] = data[y * rowBytes + (x >> 3)]! & (0x80 >> (x & 7)) ? one : zero;
    }
  }
  return { width, height, channels: 1, data: out };
}

/** RGB pixels, as gray when every pixel is gray (pdf.js hands gray JPEGs over as RGB). */
function fromRgb(data: Uint8Array | Uint8ClampedArray, width: number, height: number): Raster {
  const pixels = width * height;
  if (isGray(data, pixels, 3)) return { width, height, channels: 1, data: pick(data, pixels, 3) };
  return { width, height, channels: 3, data: Buffer.from(data.buffer, data.byteOffset, pixels * 3) };
}

/** RGBA pixels (not premultiplied) composed onto white, then as fromRgb. */
function fromRgba(data: Uint8Array | Uint8ClampedArray, width: number, height: number): Raster {
  const pixels = width * height;
  const rgb = Buffer.allocUnsafe(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    const alpha = data[p * 4 + 3]!;
    for (let k = 0; k < 3; k++) {
      const v = data[p * 4 + k]!;
      rgb[p * 3 + k] = alpha === 255 ? v : Math.round((v * alpha + 255 * (255 - alpha)) / 255);
    }
  }
  return fromRgb(rgb, width, height);
}

function isGray(data: ArrayLike<number>, pixels: number, stride: number): boolean {
  for (let p = 0, i = 0; p < pixels; p++, i += stride) {
    if (data[i] !== data[i + 1] || data[i] !== data[i + 2]) return false;
  }
  return true;
}

function pick(data: ArrayLike<number>, pixels: number, stride: number): Buffer {
  const out = Buffer.allocUnsafe(pixels);
  for (let p = 0; p < pixels; p++) out[p] = data[p * stride]!;
  return out;
}

// ---- image files -------------------------------------------------------------------------------

async function openImageFile(absPath: string, settings: Settings): Promise<PageImageSource> {
  const first = await imageMetadata(absPath, 0, settings.maxPixels);
  // Only TIFF pages are document pages; frames of an animated GIF or WebP are not.
  const pageCount = first.format === "tiff" ? Math.max(1, first.pages ?? 1) : 1;
  return {
    pageCount,
    page: async (n) => imageFilePage(absPath, checkPage(n, pageCount), settings),
    close: async () => {},
  };
}

async function imageMetadata(absPath: string, index: number, maxPixels: number): Promise<sharp.Metadata> {
  try {
    // sharp reads only the header here, and already refuses dimensions over limitInputPixels.
    const meta = await sharp(absPath, { page: index, limitInputPixels: maxPixels }).metadata();
    if ((meta.width ?? 0) * (meta.height ?? 0) > maxPixels) throw tooLarge(absPath, maxPixels);
    return meta;
  } catch (err) {
    throw sharpError(err, absPath, maxPixels);
  }
}

async function imageFilePage(absPath: string, n: number, settings: Settings): Promise<PageImage> {
  const meta = await imageMetadata(absPath, n - 1, settings.maxPixels);
  const gray = (meta.channels ?? 3) - (meta.hasAlpha ? 1 : 0) === 1;
  try {
    // rotate() with no angle applies the EXIF orientation, as image viewers do.
    let image = sharp(absPath, { page: n - 1, limitInputPixels: settings.maxPixels }).rotate();
    if (meta.hasAlpha) image = image.flatten({ background: "#ffffff" });
    // The colourspace conversion also brings 16-bit, CMYK and Lab sources to 8-bit gray or sRGB.
    image = image.toColourspace(gray ? "b-w" : "srgb");
    const { data, info } = await image.raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
    const raster: Raster =
      info.channels === 1 ? { width: info.width, height: info.height, channels: 1, data } : fromRgb(data, info.width, info.height);
    return {
      page: n,
      ...raster,
      // libvips reports 72 dpi for files that declare no density; only a declared unit makes it real.
      dpi: meta.density && meta.resolutionUnit ? meta.density : null,
      origin: "image-file",
      pageWidth: null,
      pageHeight: null,
    };
  } catch (err) {
    throw sharpError(err, absPath, settings.maxPixels);
  }
}

function tooLarge(absPath: string, maxPixels: number): ArkivError {
  return new ArkivError("too-large", `${absPath}: the image has more than ${maxPixels} pixels; it was not decoded`);
}

function sharpError(err: unknown, absPath: string, maxPixels: number): ArkivError {
  if (err instanceof ArkivError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(message)) return new ArkivError("too-large", tooLarge(absPath, maxPixels).message, { cause: err });
  if (/Input file is missing/i.test(message)) return new ArkivError("io-error", message, { cause: err });
  return new ArkivError("corrupt", `${absPath}: the image cannot be read (${message})`, { cause: err });
}
