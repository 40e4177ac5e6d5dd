// PowerPoint decks (.pptx): one page per slide, in the deck's order. A slide's title placeholder
// becomes its heading, its text bodies paragraphs and lists (bullets with their levels), its tables
// table blocks; its speaker notes go to `notes`. Text that comes from the template (the slide
// layout's and master's own shapes: a sidebar, a logo, "NORDJYSK SOCIALAFTALE") and the footer,
// date and slide-number placeholders are page furniture, not body. XML is parsed with xmldom; the
// zip is checked first (openZip).
import { DOMParser, type Element } from "@xmldom/xmldom";
import { posix } from "node:path";
import type { Block, Box, DocumentInfo, ListItem, Page, Warning } from "../../src/model/document.ts";
import { ArkivError } from "../../src/model/errors.ts";
import { blocksToText, EMPTY_DOCUMENT_INFO, nativePage, type IngestResult } from "./types.ts";
import { DEFAULT_ZIP_LIMITS, openZip, skippedWarnings, type ZipArchive, type ZipLimits } from "./zip.ts";
import { maxOf, pushAll } from "../../src/lib/arrays.ts";

const NS = {
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  p: "http://schemas.openxmlformats.org/presentationml/2006/main",
  r: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  rel: "http://schemas.openxmlformats.org/package/2006/relationships",
  dc: "http://purl.org/dc/elements/1.1/",
  dcterms: "http://purl.org/dc/terms/",
};
const SLIDE_REL = /\/slide$/;
const LAYOUT_REL = /\/slideLayout$/;
const MASTER_REL = /\/slideMaster$/;
const NOTES_REL = /\/notesSlide$/;
/** Placeholders that hold the template's furniture, not the slide's content. */
const FURNITURE_PLACEHOLDERS = new Set(["sldNum", "dt", "ftr", "hdr"]);
/** Placeholders whose paragraphs are bullets unless they say otherwise (the master's body style). */
const BULLETED_PLACEHOLDERS = new Set(["body", "obj", ""]);

interface Paragraph {
  text: string;
  /** Largest font size of its runs, in hundredths of a point; 0 when the runs do not say. */
  size: number;
  level: number;
  /** The bullet character, "" for a bullet drawn without one, null for no bullet. */
  bullet: string | null;
  ordered: boolean;
}

interface Shape {
  y: number;
  x: number;
  /** The shape's frame in points; its blocks share it, which tells later stages they sit in one text box. */
  box: Box | null;
  blocks: Block[];
  /** A text box of one short line that is not a bullet: a title if the slide has no title placeholder. */
  titleCandidate?: { text: string; size: number };
  /** Largest type in the shape (hundredths of a point). */
  maxSize: number;
}

export async function readPptx(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<IngestResult> {
  const zip = await openZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits);
  try {
    if (!zip.has("ppt/presentation.xml")) throw new ArkivError("unsupported-format", "a zip archive, not a PowerPoint deck (no ppt/presentation.xml)");
    const warnings: Warning[] = skippedWarnings(zip.skipped);
    const presentation = await xml(zip, "ppt/presentation.xml");
    const rels = await relationships(zip, "ppt/presentation.xml");
    const slidePaths = elements(presentation, NS.p, "sldId")
      .map((el) => rels.get(el.getAttributeNS(NS.r, "id") ?? ""))
      .filter((r): r is { type: string; target: string } => r !== undefined && SLIDE_REL.test(r.type))
      .map((r) => r.target);
    const templateText = new Map<string, string[]>();
    const slideSize = elements(presentation, NS.p, "sldSz")[0];
    const size = slideSize
      ? { width: (Number(slideSize.getAttribute("cx")) || 0) / EMU_PER_POINT || null, height: (Number(slideSize.getAttribute("cy")) || 0) / EMU_PER_POINT || null }
      : { width: null, height: null };
    const pages: Page[] = [];
    for (const [i, path] of slidePaths.entries()) {
      const number = i + 1;
      if (!zip.has(path)) {
        warnings.push({ page: number, code: "slide-missing", message: `the deck lists ${path}, which the file lacks` });
        pages.push(nativePage(number, "PPTX slide listed but missing from the file", []));
        continue;
      }
      pages.push({ ...(await readSlide(zip, path, number, templateText, warnings)), ...size });
    }
    if (!pages.length) warnings.push({ page: null, code: "no-slides", message: "the deck has no slides" });
    const documentInfo = await readCoreProperties(zip);
    const firstHeading = pages.flatMap((p) => p.blocks).find((b) => b.type === "heading");
    return {
      pages,
      links: [],
      documentInfo,
      title: firstHeading?.type === "heading" ? firstHeading.text.replace(/\s+/g, " ") : documentInfo.title,
      language: null,
      encoding: null,
      warnings,
      layout: "slides",
    };
  } finally {
    zip.close();
  }
}

async function readSlide(zip: ZipArchive, path: string, number: number, templateText: Map<string, string[]>, warnings: Warning[]): Promise<Page> {
  const slide = await xml(zip, path);
  const rels = await relationships(zip, path);
  const furniture: string[] = [];
  const shapes: Shape[] = [];
  const tree = elements(slide, NS.p, "spTree")[0];
  if (tree) collectShapes(tree, shapes, furniture);
  shapes.sort((a, b) => a.y - b.y || a.x - b.x);
  promoteTitle(shapes);
  // The title opens the slide's section wherever it sits (beside the body, below a banner).
  shapes.sort((a, b) => Number(isTitle(b)) - Number(isTitle(a)));
  const blocks = mergeLists(shapes.flatMap((s) => s.blocks));

  // The template's own text: the layout's and its master's shapes that are not placeholders.
  for (const rel of rels.values()) {
    if (!LAYOUT_REL.test(rel.type)) continue;
    pushAll(furniture, (await template(zip, rel.target, templateText)));
    for (const master of (await relationships(zip, rel.target)).values()) {
      if (MASTER_REL.test(master.type)) pushAll(furniture, (await template(zip, master.target, templateText)));
    }
  }
  let notes: string | null = null;
  for (const rel of rels.values()) {
    if (!NOTES_REL.test(rel.type) || !zip.has(rel.target)) continue;
    const notesXml = await xml(zip, rel.target);
    const texts: string[] = [];
    for (const sp of elements(notesXml, NS.p, "sp")) {
      if (placeholderType(sp) !== "body") continue;
      const text = paragraphsOf(sp, false).map((p) => p.text).filter(Boolean).join("\n");
      if (text) texts.push(text);
    }
    notes = texts.join("\n\n") || null;
  }
  if (!blocks.length && !notes) warnings.push({ page: number, code: "empty-slide", message: "the slide has no text" });
  const page = nativePage(number, "PPTX slide read natively", blocks, [...new Set(furniture)]);
  return { ...page, notes, text: blocksToText(blocks), rawText: blocksToText(blocks) };
}

function collectShapes(parent: Element, shapes: Shape[], furniture: string[]): void {
  for (const child of childElements(parent)) {
    if (child.namespaceURI !== NS.p) continue;
    if (child.localName === "grpSp") collectShapes(child, shapes, furniture);
    else if (child.localName === "sp") {
      const type = placeholderType(child);
      const paragraphs = paragraphsOf(child, type !== null && BULLETED_PLACEHOLDERS.has(type));
      if (!paragraphs.some((p) => p.text)) continue;
      if (type !== null && FURNITURE_PLACEHOLDERS.has(type)) {
        pushAll(furniture, paragraphs.map((p) => p.text).filter(Boolean));
        continue;
      }
      const { x, y } = offset(child);
      const box = frame(child);
      if (type === "title" || type === "ctrTitle") {
        // A title broken over lines for the slide's layout is one heading line.
        const text = paragraphs.map((p) => p.text).filter(Boolean).join(" ").replace(/\s+/g, " ");
        shapes.push({ x, y, box, maxSize: 0, blocks: [{ type: "heading", depth: type === "ctrTitle" ? 1 : 2, text, links: [], box }] });
      } else {
        const lines = paragraphs.filter((p) => p.text);
        const single = lines.length === 1 && lines[0]!.bullet === null && !lines[0]!.text.includes("\n") && lines[0]!.text.length <= 80;
        const maxSize = maxOf([0, ...lines.map((l) => l.size)]);
        shapes.push({ x, y, box, maxSize, blocks: paragraphBlocks(paragraphs, box), ...(single ? { titleCandidate: { text: lines[0]!.text, size: lines[0]!.size } } : {}) });
      }
    } else if (child.localName === "graphicFrame") {
      const table = elements(child, NS.a, "tbl")[0];
      if (!table) continue;
      const rows = elements(table, NS.a, "tr").map((tr) =>
        elements(tr, NS.a, "tc").map((tc) => paragraphsOf(tc, false).map((p) => p.text).filter(Boolean).join(" ")),
      );
      if (!rows.length) continue;
      const header = elements(table, NS.a, "tblPr")[0]?.getAttribute("firstRow") === "1";
      const { x, y } = offset(child);
      const box = frame(child);
      shapes.push({ x, y, box, maxSize: 0, blocks: [{ type: "table", header, rows, box }] });
    }
  }
}

/**
 * Decks built from blank layouts have no title placeholder; their title is a text box. Taken as
 * the title: the one-line box in the largest type on the slide, if that type is clearly larger
 * (by a fifth) than all other text, and it sits in the top half of the shapes.
 */
function promoteTitle(shapes: Shape[]): void {
  if (shapes.some((s) => s.blocks.some((b) => b.type === "heading"))) return;
  const candidates = shapes.filter((s) => s.titleCandidate && s.titleCandidate.size > 0);
  if (!candidates.length) return;
  const best = candidates.reduce((a, b) => (b.titleCandidate!.size > a.titleCandidate!.size ? b : a));
  const largestOther = maxOf([0, ...shapes.filter((s) => s !== best).map((s) => s.maxSize)]);
  const position = shapes.indexOf(best);
  if (best.titleCandidate!.size < 1.2 * largestOther || position > shapes.length / 2) return;
  best.blocks = [{ type: "heading", depth: 2, text: best.titleCandidate!.text, links: [], box: best.box }];
}

function isTitle(shape: Shape): boolean {
  return shape.blocks[0]?.type === "heading";
}

/** Paragraphs become paragraph blocks and list items; lists are merged across a shape by mergeLists. */
function paragraphBlocks(paragraphs: Paragraph[], box: Box | null): Block[] {
  const blocks: Block[] = [];
  for (const p of paragraphs) {
    if (!p.text) continue;
    if (p.bullet !== null) {
      const item: ListItem = { text: p.text, links: [], level: p.level, marker: p.bullet || null };
      blocks.push({ type: "list", ordered: p.ordered, start: p.ordered ? 1 : null, items: [item], box });
    } else blocks.push({ type: "paragraph", text: p.text, links: [], box });
  }
  return blocks;
}

/** Consecutive one-item lists of the same kind become one list. */
function mergeLists(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    const last = out[out.length - 1];
    if (b.type === "list" && last?.type === "list" && last.ordered === b.ordered) out[out.length - 1] = { ...last, items: [...last.items, ...b.items] };
    else out.push(b);
  }
  return out;
}

function paragraphsOf(shape: Element, bulletedByDefault: boolean): Paragraph[] {
  return elements(shape, NS.a, "p").map((p) => {
    let text = "";
    for (const el of childElements(p)) {
      if (el.namespaceURI !== NS.a) continue;
      if (el.localName === "r" || el.localName === "fld") text += elements(el, NS.a, "t").map((t) => t.textContent ?? "").join("");
      else if (el.localName === "br") text += "\n";
    }
    const size = maxOf([0, ...elements(p, NS.a, "rPr").map((r) => Number(r.getAttribute("sz") ?? 0) || 0)]);
    const pPr = childElements(p).find((el) => el.localName === "pPr");
    const level = Math.min(8, Number(pPr?.getAttribute("lvl") ?? 0) || 0);
    const props = pPr ? childElements(pPr) : [];
    const buChar = props.find((el) => el.localName === "buChar")?.getAttribute("char") ?? null;
    const autoNum = props.some((el) => el.localName === "buAutoNum");
    const none = props.some((el) => el.localName === "buNone");
    const bullet = none ? null : buChar !== null ? buChar : autoNum || bulletedByDefault ? "" : null;
    return { text: text.replace(/[ \t]+\n/g, "\n").trim(), size, level, bullet, ordered: autoNum && !none };
  });
}

async function template(zip: ZipArchive, path: string, cache: Map<string, string[]>): Promise<string[]> {
  let texts = cache.get(path);
  if (!texts) {
    texts = [];
    if (zip.has(path)) {
      const doc = await xml(zip, path);
      for (const sp of elements(doc, NS.p, "sp")) {
        // Placeholders in a layout are prompts the slides fill in; only the template's own shapes print.
        if (placeholderType(sp) !== null) continue;
        const text = paragraphsOf(sp, false).map((p) => p.text).filter(Boolean).join("\n");
        if (text) pushAll(texts, text.split("\n"));
      }
    }
    cache.set(path, texts);
  }
  return texts;
}

/** The placeholder type of a shape: "" for a placeholder without one (a body), null for no placeholder. */
function placeholderType(shape: Element): string | null {
  const nvPr = elements(shape, NS.p, "nvPr")[0];
  const ph = nvPr ? childElements(nvPr).find((el) => el.localName === "ph") : undefined;
  return ph ? (ph.getAttribute("type") ?? "") : null;
}

/** DrawingML lengths are EMU: 12,700 to the point. */
const EMU_PER_POINT = 12_700;

/** The shape's frame (a:xfrm offset and extent) in points; null when the shape inherits it from its layout. */
function frame(shape: Element): Box | null {
  const off = elements(shape, NS.a, "off")[0];
  const ext = elements(shape, NS.a, "ext").find((el) => el.hasAttribute("cx"));
  if (!off || !ext) return null;
  const [x, y, w, h] = [off.getAttribute("x"), off.getAttribute("y"), ext.getAttribute("cx"), ext.getAttribute("cy")].map((v) => (Number(v) || 0) / EMU_PER_POINT);
  return { x: x!, y: y!, w: w!, h: h! };
}

function offset(shape: Element): { x: number; y: number } {
  const off = elements(shape, NS.a, "off")[0];
  return { x: Number(off?.getAttribute("x") ?? 0) || 0, y: Number(off?.getAttribute("y") ?? 0) || 0 };
}

async function readCoreProperties(zip: ZipArchive): Promise<DocumentInfo> {
  if (!zip.has("docProps/core.xml")) return EMPTY_DOCUMENT_INFO;
  const doc = await xml(zip, "docProps/core.xml");
  const text = (ns: string, name: string) => elements(doc, ns, name)[0]?.textContent?.trim() || null;
  return {
    ...EMPTY_DOCUMENT_INFO,
    title: text(NS.dc, "title"),
    author: text(NS.dc, "creator"),
    created: text(NS.dcterms, "created"),
    modified: text(NS.dcterms, "modified"),
  };
}

// ---------------------------------------------------------------------------------------------
// XML and package relationships.

async function xml(zip: ZipArchive, path: string): Promise<Element> {
  const text = (await zip.read(path)).toString("utf8");
  let failure: string | null = null;
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level === "fatalError") failure = message;
    },
  }).parseFromString(text, "application/xml");
  if (failure || !doc.documentElement) throw new ArkivError("corrupt", `${path} is not well-formed XML${failure ? `: ${failure}` : ""}`);
  return doc.documentElement;
}

/** A part's relationships: id → type and target, the target resolved to a path in the zip. */
async function relationships(zip: ZipArchive, part: string): Promise<Map<string, { type: string; target: string }>> {
  const dir = posix.dirname(part);
  const relsPath = posix.join(dir, "_rels", `${posix.basename(part)}.rels`);
  const out = new Map<string, { type: string; target: string }>();
  if (!zip.has(relsPath)) return out;
  for (const rel of elements(await xml(zip, relsPath), NS.rel, "Relationship")) {
    if (rel.getAttribute("TargetMode") === "External") continue;
    const target = rel.getAttribute("Target") ?? "";
    const resolved = target.startsWith("/") ? target.slice(1) : posix.normalize(posix.join(dir, target));
    out.set(rel.getAttribute("Id") ?? "", { type: rel.getAttribute("Type") ?? "", target: resolved });
  }
  return out;
}

function elements(root: Element, ns: string, name: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ns, name));
}

function childElements(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}
