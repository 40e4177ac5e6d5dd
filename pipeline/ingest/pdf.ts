// Born-digital PDFs through pdf.js: page by page, text items with positions and font sizes become
// lines and blocks in reading order (layout.ts); headings come from font size and weight measured
// over the whole document; link annotations become links. Pages without a text layer are kept,
// empty, with a warning: the OCR stage will read them.
import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import type { PDFDocumentProxy, PDFPageProxy } from "pdfjs-dist/types/src/display/api.js";
import type { Block, DocumentInfo, InlineLink, Link, Page, Warning } from "../../src/model/document.ts";
import { ArkivError, toArkivError } from "../../src/model/errors.ts";
import { openPdfDocument } from "../pdfjs.ts";
import { largestDeclaredImage } from "./pdf-images.ts";
import { blocksToText, collapseWhitespace, EMPTY_DOCUMENT_INFO, type IngestResult } from "./types.ts";
import { headingScale, laidToBlock, round } from "./blocks.ts";
import { joinLines, layoutLines, linesOfRuns, splitBullet, type LaidBlock, type Line, type TextRun } from "./layout.ts";
import { drawnSeparators } from "./pdf-rules.ts";
import { mayHoldTable } from "./tables.ts";

export interface PdfReadOptions {
  password?: string;
  /** An image over this many pixels makes the file too large (see pdf-images.ts). */
  maxPixels?: number;
  maxPages?: number;
}

interface LaidPage {
  number: number;
  width: number;
  height: number;
  blocks: LaidBlock[];
  rotated: string[];
  links: PageLink[];
  invisibleText: boolean;
  glyphless: boolean;
}

interface PageLink {
  href: string;
  rect: { left: number; top: number; right: number; bottom: number };
}

export async function readPdf(bytes: Uint8Array, options: PdfReadOptions = {}): Promise<IngestResult> {
  const image = options.maxPixels ? largestDeclaredImage(bytes) : null;
  if (image && image.width * image.height > options.maxPixels!) {
    throw new ArkivError("too-large", `the PDF holds a ${image.width}×${image.height}-pixel image; the limit is ${options.maxPixels} pixels (--max-pixels)`);
  }
  // pdf.js takes ownership of the buffer it is given; give it a copy so the caller's bytes survive.
  const doc = await openPdfDocument(bytes.slice(), { password: options.password });
  try {
    if (options.maxPages && doc.numPages > options.maxPages) {
      throw new ArkivError("too-large", `the PDF has ${doc.numPages} pages; the limit is ${options.maxPages} (--max-pages)`);
    }
    const documentInfo = await readInfo(doc);
    const laid: LaidPage[] = [];
    const unreadable: Warning[] = [];
    const facts: FontFacts = { names: new Map(), invisible: new Set() };
    for (let n = 1; n <= doc.numPages; n++) {
      // A broken page (bad /Kids, a damaged content stream) is one empty page with a warning; the
      // rest of the document is still read, as pdf.js itself reads it.
      try {
        const page = await doc.getPage(n);
        try {
          laid.push(await layoutPage(page, n, facts));
        } finally {
          // Release the page's fonts and operator lists before the next page: one page in memory at a time.
          page.cleanup();
        }
      } catch (err) {
        const e = toArkivError(err);
        if (e.code !== "corrupt") throw e;
        unreadable.push({ page: n, code: "page-unreadable", message: `page ${n} cannot be read: ${e.message}` });
        laid.push({ number: n, width: 612, height: 792, blocks: [], rotated: [], links: [], invisibleText: false, glyphless: false });
      }
    }
    if (unreadable.length === doc.numPages) throw new ArkivError("corrupt", `no page can be read (${unreadable[0]?.message ?? "the document has no pages"})`);
    const result = assemble(laid, documentInfo);
    return { ...result, warnings: [...unreadable, ...result.warnings] };
  } finally {
    await doc.destroy();
  }
}

async function readInfo(doc: PDFDocumentProxy): Promise<DocumentInfo> {
  const { info, metadata } = await doc.getMetadata().catch(() => ({ info: {}, metadata: null }));
  const record = (info ?? {}) as Record<string, unknown>;
  const str = (key: string, xmp?: string): string | null => {
    const value = record[key];
    if (typeof value === "string" && value.trim()) return collapseWhitespace(value);
    const fromXmp = xmp && metadata ? metadata.get(xmp) : null;
    return typeof fromXmp === "string" && fromXmp.trim() ? collapseWhitespace(fromXmp) : null;
  };
  return {
    ...EMPTY_DOCUMENT_INFO,
    title: str("Title", "dc:title"),
    author: str("Author", "dc:creator"),
    subject: str("Subject", "dc:description"),
    keywords: str("Keywords", "pdf:keywords"),
    creator: str("Creator", "xmp:creatortool"),
    producer: str("Producer", "pdf:producer"),
    created: pdfDate(record["CreationDate"]),
    modified: pdfDate(record["ModDate"]),
    language: typeof record["Language"] === "string" && record["Language"] ? String(record["Language"]) : null,
  };
}

function pdfDate(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const date = pdfjs.PDFDateString.toDateObject(value);
  return date && !Number.isNaN(date.getTime()) ? date.toISOString().replace(".000Z", "Z") : null;
}

/**
 * What the document's fonts are called and which were drawn invisibly. Font names (and so bold)
 * and render modes are only known once a page's content stream is run (getOperatorList), which
 * costs as much again as reading the text; fonts are shared across pages, so a page whose fonts
 * are all known already is not run again.
 */
interface FontFacts {
  names: Map<string, string>;
  invisible: Set<string>;
}

const SHOW_TEXT = new Set<number>([pdfjs.OPS.showText, pdfjs.OPS.showSpacedText, pdfjs.OPS.nextLineShowText, pdfjs.OPS.nextLineSetSpacingShowText]);

async function learnFonts(page: PDFPageProxy, fontIds: Set<string>, facts: FontFacts): Promise<void> {
  const ops = await page.getOperatorList();
  let font = "";
  let mode = 0;
  for (const [i, fn] of ops.fnArray.entries()) {
    const args = ops.argsArray[i] as unknown[] | null;
    if (fn === pdfjs.OPS.setFont) font = String(args?.[0] ?? "");
    else if (fn === pdfjs.OPS.setTextRenderingMode) mode = Number(args?.[0] ?? 0);
    // Modes 3 and 7 draw nothing: the text is there to be found, not seen (an OCR layer).
    else if (SHOW_TEXT.has(fn) && (mode === 3 || mode === 7)) facts.invisible.add(font);
  }
  for (const id of fontIds) {
    try {
      const loaded = page.commonObjs.get(id) as { name?: string } | undefined;
      facts.names.set(id, loaded?.name ?? "");
    } catch {
      // A font pdf.js could not load has no name; its text is still there.
      facts.names.set(id, "");
    }
  }
}

async function layoutPage(page: PDFPageProxy, number: number, facts: FontFacts): Promise<LaidPage> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const items = content.items.filter((i): i is Extract<typeof i, { str: string }> => "str" in i);
  const fontIds = new Set(items.filter((i) => i.str.trim() !== "").map((i) => i.fontName));
  if ([...fontIds].some((id) => !facts.names.has(id))) await learnFonts(page, fontIds, facts);
  const fonts = new Map([...fontIds].map((id) => [id, facts.names.get(id) ?? ""]));
  const invisibleText = [...fontIds].some((id) => facts.invisible.has(id));

  const runs: TextRun[] = [];
  const rotated: { text: string; x: number; y: number }[] = [];
  for (const item of items) {
    if (!item.str) continue;
    const [a, b, c, d, e, f] = pdfjs.Util.transform(viewport.transform, item.transform) as number[];
    // A damaged content stream can place text nowhere (NaN, Infinity): such text has no place on the page.
    if (![a, b, c, d, e, f, item.width].every((v) => Number.isFinite(v))) continue;
    const size = Math.hypot(c!, d!);
    const angle = Math.atan2(b!, a!);
    if (Math.abs(angle) > 0.09) {
      rotated.push({ text: item.str, x: e!, y: f! });
      continue;
    }
    const fontName = fonts.get(item.fontName) ?? "";
    runs.push({
      text: item.str,
      x: e!,
      baseline: f!,
      width: item.width * (viewport.scale ?? 1),
      size,
      bold: /bold|black|heavy|semibold|demi/i.test(fontName),
    });
  }

  const lines = linesOfRuns(runs);
  // Rules are looked for only where the text could be a table: the drawing costs a second pass.
  const drawn = mayHoldTable(lines) ? await drawnSeparators(page, viewport) : { rows: [], columns: [] };

  const links: PageLink[] = [];
  for (const annot of await page.getAnnotations()) {
    const href = (annot.url ?? annot.unsafeUrl) as string | undefined;
    if (annot.subtype !== "Link" || !href || !Array.isArray(annot.rect)) continue;
    const [x1, y1, x2, y2] = viewport.convertToViewportRectangle(annot.rect) as number[];
    if (![x1, y1, x2, y2].every((v) => Number.isFinite(v))) continue;
    links.push({
      href,
      rect: { left: Math.min(x1!, x2!), right: Math.max(x1!, x2!), top: Math.min(y1!, y2!), bottom: Math.max(y1!, y2!) },
    });
  }

  return {
    number,
    width: round(viewport.width),
    height: round(viewport.height),
    blocks: layoutLines(lines, { separators: drawn.rows, columnRules: drawn.columns }),
    rotated: rotatedText(rotated),
    links,
    invisibleText,
    glyphless: [...fonts.values()].some((f) => /GlyphLessFont/i.test(f)),
  };
}

/** Rotated text (sidebars, axis labels) read as lines along its own direction, kept apart from the body. */
function rotatedText(pieces: { text: string; x: number; y: number }[]): string[] {
  if (!pieces.length) return [];
  const text = collapseWhitespace(pieces.map((p) => p.text).join(" "));
  return text ? [text] : [];
}


// ---- whole document: headings, links, pages ---------------------------------------------------

function assemble(laid: LaidPage[], documentInfo: DocumentInfo): IngestResult {
  const headingDepth = headingScale(
    laid.flatMap((p) => p.blocks),
    { minRatio: 1.15, boldHeadings: true },
  );
  const pages: Page[] = [];
  const links: Link[] = [];
  const warnings: Warning[] = [];

  for (const p of laid) {
    const blocks: Block[] = [];
    for (const laidBlock of p.blocks) {
      blocks.push(
        laidToBlock(laidBlock, headingDepth(laidBlock), (lines, bullet, breaks) =>
          textWithLinks(lines, p, links, bullet, breaks),
        ),
      );
    }
    for (const text of p.rotated) blocks.push({ type: "paragraph", text, links: [], box: null });
    const text = blocksToText(blocks);
    const state = !text.trim() ? "none" : p.invisibleText || p.glyphless ? "invisible" : "visible";
    let methodReason = "the page has a text layer";
    if (state === "none") {
      methodReason = "the page has no text layer: it is an image and needs OCR";
      warnings.push({ page: p.number, code: "no-text-layer", message: "no text layer on this page; it needs OCR" });
    } else if (state === "invisible") {
      methodReason = "the text layer is invisible OCR text (render mode 3 / GlyphLessFont), kept as found";
      warnings.push({
        page: p.number,
        code: "ocr-text-layer",
        message: "the text layer was made by an earlier OCR run and may be damaged",
      });
    }
    pages.push({
      number: p.number,
      method: "text-layer",
      methodReason,
      text,
      rawText: text,
      confidence: null,
      width: p.width,
      height: p.height,
      blocks,
      furniture: [],
      dropped: [],
      notes: null,
      textLayer: { state, text, used: true, score: null },
      ocr: null,
      words: [],
    });
  }

  const firstHeading = pages.flatMap((p) => p.blocks).find((b) => b.type === "heading" && b.depth === 1);
  return {
    pages,
    links,
    documentInfo,
    title: documentInfo.title ?? (firstHeading?.type === "heading" ? firstHeading.text : null),
    // "da-DK" → "da": the record's language is the primary tag; documentInfo keeps what the file says.
    language: documentInfo.language ? documentInfo.language.split(/[-_]/)[0]!.toLowerCase() : null,
    encoding: null,
    warnings,
    layout: "pages",
  };
}

/**
 * Joins lines into text and finds which runs fall inside a link annotation, giving both the
 * document-level link list and the offsets Markdown needs to render the link in place.
 */
function textWithLinks(
  lines: Line[],
  page: LaidPage,
  links: Link[],
  bullet: boolean,
  breaks: boolean[] = [],
): { text: string; links: InlineLink[]; marker: string | null } {
  let text = joinLines(lines, breaks);
  let shift = 0;
  let marker: string | null = null;
  if (bullet) {
    const split = splitBullet(text);
    shift = text.length - split.text.length;
    text = split.text;
    marker = split.marker;
  }
  if (!page.links.length) return { text, links: [], marker };
  const inline: InlineLink[] = [];
  let offset = 0;
  for (const line of lines) {
    for (const span of line.runs) {
      const r = span.run;
      const cx = r.x + r.width / 2;
      const cy = r.baseline - r.size / 3;
      const hit = page.links.find((l) => cx >= l.rect.left && cx <= l.rect.right && cy >= l.rect.top && cy <= l.rect.bottom);
      if (!hit) continue;
      const start = Math.max(0, offset + span.start - shift);
      const end = Math.max(start, offset + span.end - shift);
      const last = inline[inline.length - 1];
      // Runs of one link that follow each other (also across a line break) are one link.
      if (last && last.href === hit.href && start - last.end <= 1) last.end = end;
      else inline.push({ start, end, href: hit.href });
    }
    offset += line.text.length + 1;
  }
  for (const l of inline) {
    const linkText = collapseWhitespace(text.slice(l.start, l.end));
    if (linkText) links.push({ page: page.number, text: linkText, href: l.href });
  }
  return { text, links: inline.filter((l) => l.end > l.start), marker };
}
