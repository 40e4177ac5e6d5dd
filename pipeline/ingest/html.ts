// Saved web pages: decode the bytes the way a browser would, parse them into a hast tree, set the
// page chrome aside (kept as furniture, never lost) and turn the body into blocks and links.
//
// The page is read, not rendered: no CSS, no scripts. What counts as chrome is decided from the
// markup alone (landmark elements and roles, cookie/breadcrumb/menu names), and when the page marks
// its content root (<main>, role=main, a single <article>) everything outside that root is chrome.
import type { Element, ElementContent, Root, RootContent } from "hast";
import sniffHtmlEncoding from "html-encoding-sniffer";
import type { Block, DocumentInfo, InlineLink, Link, ListItem, Warning } from "../../src/model/document.ts";
import { canDecode, decodeAs, isValidUtf8 } from "./decode.ts";
import { MAX_HTML_DEPTH, parseHtml } from "./html-parse.ts";
import { blocksToText, collapseWhitespace, EMPTY_DOCUMENT_INFO, nativePage, type IngestResult } from "./types.ts";
import { maxOf, pushAll } from "../../src/lib/arrays.ts";

/** Reads a saved HTML page into one native page. Synchronous; never throws on malformed markup or bytes. */
export function readHtml(bytes: Uint8Array): IngestResult {
  const decoded = decodeHtml(bytes);
  const warnings: Warning[] = [...decoded.warnings];
  const { tree, flattened } = parseHtml(decoded.text);
  if (flattened) {
    warnings.push({ page: null, code: "html-too-deep", message: `${flattened} elements nested deeper than ${MAX_HTML_DEPTH} levels were flattened; their text is kept` });
  }
  const { html, head, body } = documentParts(tree);

  const out: Out = { blocks: [], furniture: [], links: [], nextSeq: 0 };
  if (body) readBody(body, out);
  const blocks = out.blocks;
  const text = blocksToText(blocks);
  if (text.trim() === "") {
    warnings.push({ page: null, code: "no-body-text", message: "the page body holds no text once page chrome is set aside" });
  }

  const documentInfo = readDocumentInfo(html, head);
  const page = nativePage(1, "HTML is read natively", blocks, out.furniture);
  return {
    pages: [page],
    links: out.links.sort((a, b) => a.seq - b.seq).map((entry) => entry.link),
    documentInfo,
    title: firstH1(blocks) ?? documentInfo.title,
    language: primaryLanguage(documentInfo.language),
    encoding: decoded.encoding,
    warnings,
    layout: "flow",
  };
}

// ---------------------------------------------------------------------------------------------
// Decoding

export interface DecodedHtml {
  text: string;
  /** Lower-case WHATWG encoding name actually used. */
  encoding: string;
  warnings: Warning[];
}

/**
 * BOM, then the page's own <meta> declaration (the browser's prescan), then a guess: bytes that are
 * valid UTF-8 are UTF-8, anything else is windows-1252, which is what legacy Danish pages are.
 */
export function decodeHtml(bytes: Uint8Array): DecodedHtml {
  const validUtf8 = isValidUtf8(bytes);
  const sniffed = sniffHtmlEncoding(bytes, { defaultEncoding: validUtf8 ? "utf-8" : "windows-1252" }).toLowerCase();
  const warnings: Warning[] = [];

  // Legacy CMSs kept their old charset <meta> after moving to UTF-8. Bytes with non-ASCII characters
  // that are nevertheless valid UTF-8 practically never happen in a single-byte encoding, so the
  // bytes win over the stale declaration (a browser would show "Ã¦" for "æ" here).
  if (validUtf8 && isSingleByte(sniffed) && hasNonAscii(bytes)) {
    warnings.push({
      page: null,
      code: "charset-mismatch",
      message: `the page declares ${sniffed} but its bytes are UTF-8; decoded as utf-8`,
    });
    return { text: decodeAs(bytes, "utf-8"), encoding: "utf-8", warnings };
  }

  if (!canDecode(sniffed)) {
    // A label the sniffer knows but nothing here decodes (e.g. "replacement").
    warnings.push({ page: null, code: "charset-unsupported", message: `cannot decode ${sniffed}; decoded as windows-1252` });
    return { text: decodeAs(bytes, "windows-1252"), encoding: "windows-1252", warnings };
  }
  const text = decodeAs(bytes, sniffed);
  if (text.includes("\ufffd")) {
    warnings.push({
      page: null,
      code: "decode-errors",
      message: `some bytes are not valid ${sniffed}; they were replaced with U+FFFD`,
    });
  }
  return { text, encoding: sniffed, warnings };
}

function isSingleByte(encoding: string): boolean {
  return /^(windows-\d+|iso-8859-\d+|koi8-[ru]|ibm866|macintosh|x-mac-cyrillic)$/.test(encoding);
}

function hasNonAscii(bytes: Uint8Array): boolean {
  return bytes.some((b) => b >= 0x80);
}

// ---------------------------------------------------------------------------------------------
// Tree helpers

function isElement(node: RootContent | ElementContent | Root): node is Element {
  return node.type === "element";
}

/** A hast property as one string (lists are joined), or null when absent or false. */
function prop(el: Element, name: string): string | null {
  const value = el.properties[name];
  if (value === undefined || value === null || value === false) return null;
  if (value === true) return "";
  return Array.isArray(value) ? value.join(" ") : String(value);
}

function tokens(el: Element, name: string): string[] {
  return (prop(el, name) ?? "").toLowerCase().split(/\s+/).filter(Boolean);
}

function childElements(el: Element | Root): Element[] {
  const elements: Element[] = [];
  for (const child of el.children) if (isElement(child)) elements.push(child);
  return elements;
}

function documentParts(tree: Root): { html: Element | null; head: Element | null; body: Element | null } {
  const html = childElements(tree).find((el) => el.tagName === "html") ?? null;
  const parts = html ? childElements(html) : [];
  return {
    html,
    head: parts.find((el) => el.tagName === "head") ?? null,
    body: parts.find((el) => el.tagName === "body") ?? null,
  };
}

/** Depth-first search that returns the path from (excluding) `from` down to the first match. */
function findPath(from: Element, match: (el: Element) => boolean): Element[] | null {
  for (const child of childElements(from)) {
    if (SILENT_TAGS.has(child.tagName)) continue;
    if (match(child)) return [child];
    const below = findPath(child, match);
    if (below) return [child, ...below];
  }
  return null;
}

function findAll(from: Element, match: (el: Element) => boolean): Element[] {
  const found: Element[] = [];
  for (const child of childElements(from)) {
    if (match(child)) found.push(child);
    pushAll(found, findAll(child, match));
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Page chrome

/** Never text for a reader: not content, not furniture. */
const SILENT_TAGS = new Set([
  "script", "style", "noscript", "template", "head", "title", "meta", "link", "base",
  // Embedded objects: their children are fallback or icon text (<svg><title>), not what is shown.
  "svg", "iframe", "object", "embed", "canvas", "video", "audio",
]);

const CHROME_TAGS = new Set(["nav", "aside", "form", "button", "dialog", "menu", "search", "select", "textarea"]);

const CHROME_ROLES = new Set([
  "dialog", "alertdialog", "navigation", "banner", "contentinfo", "search", "menu", "menubar", "toolbar", "complementary",
]);

/** Elements inside which <header>/<footer> belong to that section, not to the page (the ARIA mapping). */
const SECTIONING = new Set(["article", "aside", "main", "nav", "section"]);

/** Substrings of an id or class name that mark a consent banner, breadcrumb trail or skip link. */
const CHROME_NAME_PARTS = ["cookie", "consent", "gdpr", "breadcrumb", "brødkrumme", "brodkrumme", "skiplink", "skip-link", "skip-to", "skipnav"];

/** Whole id/class tokens for menus; matched whole so "has-menu" or "menukort" are left alone. */
const MENU_TOKEN = /^(skip|navbar|(main|mega|top|sub|site|primary|secondary)?-?menu(-?(bar|main|top|wrapper|container))?)$/;

/** aria-label values of breadcrumb trails, consent banners and menus ("Brødkrummesti", "Hovedmenu"). */
const CHROME_LABEL = /cookie|consent|breadcrumb|brødkrumme|brodkrumme|menu\b/iu;

const SKIP_LINK_TEXT = /^(gå|spring|hop|skip|jump)( direkte)? (til|to)\b/iu;

interface Ctx {
  /** Inside article/aside/main/nav/section (or the content root): header/footer are the section's own. */
  sectioned: boolean;
}

function enter(ctx: Ctx, el: Element): Ctx {
  return ctx.sectioned || !SECTIONING.has(el.tagName) ? ctx : { sectioned: true };
}

type Kind = "silent" | "chrome" | "content";

function classify(el: Element, ctx: Ctx): Kind {
  const tag = el.tagName;
  if (SILENT_TAGS.has(tag)) return "silent";
  if (CHROME_TAGS.has(tag)) return "chrome";
  if ((tag === "header" || tag === "footer") && !ctx.sectioned) return "chrome";
  if (tokens(el, "role").some((role) => CHROME_ROLES.has(role))) return "chrome";
  if (hasChromeName(el)) return "chrome";
  if (tag === "a" && isSkipLink(el)) return "chrome";
  return "content";
}

function hasChromeName(el: Element): boolean {
  const names = [...tokens(el, "id"), ...tokens(el, "className")];
  if (names.some((name) => MENU_TOKEN.test(name) || CHROME_NAME_PARTS.some((part) => name.includes(part)))) return true;
  const label = prop(el, "ariaLabel");
  return label !== null && CHROME_LABEL.test(label);
}

/** "Gå til indhold"-style links that jump within the page: keyboard chrome, not a reference. */
function isSkipLink(el: Element): boolean {
  const href = prop(el, "href");
  return href !== null && href.startsWith("#") && SKIP_LINK_TEXT.test(collapseWhitespace(visibleText(el)));
}

/** Text as shown, for furniture: block edges and <br> become spaces so words never run together. */
function visibleText(node: RootContent | ElementContent): string {
  if (node.type === "text") return node.value;
  if (!isElement(node) || SILENT_TAGS.has(node.tagName)) return "";
  if (node.tagName === "br") return " ";
  const inner = node.children.map(visibleText).join("");
  return BLOCK_LEVEL.has(node.tagName) ? ` ${inner} ` : inner;
}

function addFurniture(node: RootContent | ElementContent, out: Out): void {
  const text = collapseWhitespace(visibleText(node));
  if (text) out.furniture.push(text);
}

/**
 * The path from <body> to the page's content root: the first <main>, else the first role=main, else
 * the article when there is exactly one (several articles are a listing, and all of them are content).
 * A root without text (a shell a script would fill) is no root.
 */
function findContentRoot(body: Element): Element[] | null {
  const articles = findAll(body, (el) => el.tagName === "article");
  const path =
    findPath(body, (el) => el.tagName === "main") ??
    findPath(body, (el) => tokens(el, "role").includes("main")) ??
    (articles.length === 1 ? findPath(body, (el) => el.tagName === "article") : null);
  const root = path?.[path.length - 1];
  return root && collapseWhitespace(visibleText(root)) ? path : null;
}

// ---------------------------------------------------------------------------------------------
// Body → blocks

interface Out {
  blocks: Block[];
  furniture: string[];
  /** Links with the order they were met in; blocks finish out of order (a list item after its sub-list). */
  links: { seq: number; link: Link }[];
  nextSeq: number;
}

/** Elements that start a new block when they appear among inline content. */
const BLOCK_LEVEL = new Set([
  "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir", "div",
  "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
  "hgroup", "hr", "legend", "li", "listing", "main", "menu", "nav", "ol", "p", "plaintext", "pre", "search", "section",
  "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "xmp",
]);

function readBody(body: Element, out: Out): void {
  const path = findContentRoot(body);
  if (path) walkToRoot(body, path, out);
  else walkContainer(body, out, { sectioned: false });
}

/** Everything beside the path from <body> down to the content root is page chrome. */
function walkToRoot(node: Element, path: readonly Element[], out: Out): void {
  const [next, ...rest] = path;
  for (const child of node.children) {
    if (child !== next) addFurniture(child, out);
    else if (rest.length > 0) walkToRoot(child, rest, out);
    else walkContainer(child, out, { sectioned: true });
  }
}

/** A container's loose inline content becomes paragraphs between its block-level children. */
function walkContainer(container: Element, out: Out, ctx: Ctx): void {
  let run = new InlineRun(out);
  for (const child of container.children) {
    if (isElement(child) && BLOCK_LEVEL.has(child.tagName)) {
      pushParagraph(run, out);
      run = new InlineRun(out);
      if (classify(child, ctx) === "content") readBlock(child, out, ctx);
      else run.node(child, ctx);
    } else {
      run.node(child, ctx);
    }
  }
  pushParagraph(run, out);
}

function readBlock(el: Element, out: Out, ctx: Ctx): void {
  const heading = /^h([1-6])$/.exec(el.tagName);
  if (heading) return pushHeading(el, Number(heading[1]), out, ctx);
  switch (el.tagName) {
    case "ul":
    case "ol":
      return pushList(el, out, ctx);
    case "table":
      return readTable(el, out, ctx);
    case "pre":
    case "listing":
    case "xmp":
      return pushCode(el, out, ctx);
    case "hr":
      return;
    default:
      // p, div, section, blockquote, figure, dl/dt/dd, …: paragraphs from their inline content.
      return walkContainer(el, out, enter(ctx, el));
  }
}

function pushParagraph(run: InlineRun, out: Out): void {
  const { text, links } = run.finish();
  if (text) out.blocks.push({ type: "paragraph", text, links, box: null });
}

function pushHeading(el: Element, depth: number, out: Out, ctx: Ctx): void {
  const run = new InlineRun(out, { singleLine: true });
  run.children(el, ctx);
  const { text, links } = run.finish();
  if (text) out.blocks.push({ type: "heading", depth, text, links, box: null });
}

function pushCode(el: Element, out: Out, ctx: Ctx): void {
  const run = new InlineRun(out, { verbatim: true });
  run.children(el, ctx);
  const { text } = run.finish();
  if (text) out.blocks.push({ type: "code", text, box: null });
}

function pushList(el: Element, out: Out, ctx: Ctx): void {
  const items = listItems(el, 0, out, ctx);
  if (items.length === 0) return;
  const ordered = el.tagName === "ol";
  out.blocks.push({ type: "list", ordered, start: ordered ? listStart(el) : null, items, box: null });
}

/**
 * One item per <li>, its sub-lists following it one level deeper. Sub-lists are read where they
 * stand (so links keep document order) but placed after the item's own text.
 */
function listItems(list: Element, level: number, out: Out, ctx: Ctx): ListItem[] {
  const items: ListItem[] = [];
  for (const child of list.children) {
    const nested: ListItem[] = [];
    const run = new InlineRun(out, { onList: (sub) => pushAll(nested, listItems(sub, level + 1, out, ctx)) });
    run.node(child, ctx);
    const { text, links } = run.finish();
    // The bullet of an HTML list is drawn by CSS, not written in the text.
    if (text) items.push({ text, links, level, marker: null });
    pushAll(items, nested);
  }
  return items;
}

function listStart(ol: Element): number {
  const start = Number.parseInt(prop(ol, "start") ?? "", 10);
  return Number.isFinite(start) ? start : 1;
}

// ---------------------------------------------------------------------------------------------
// Tables

/** Tables used for page layout hold headings or other tables; they are read as containers. */
function isLayoutTable(table: Element): boolean {
  const role = tokens(table, "role");
  if (role.includes("presentation") || role.includes("none")) return true;
  return findAll(table, (el) => el.tagName === "table" || /^h[1-6]$/.test(el.tagName)).length > 0;
}

function readTable(table: Element, out: Out, ctx: Ctx): void {
  if (isLayoutTable(table)) return walkContainer(table, out, ctx);
  const rows: string[][] = [];
  let header = false;
  for (const { row, inHead } of tableRows(table, out, ctx)) {
    const cells = childElements(row).filter((cell) => cell.tagName === "td" || cell.tagName === "th");
    if (cells.length === 0) continue;
    if (rows.length === 0) header = inHead || cells.every((cell) => cell.tagName === "th");
    rows.push(cells.flatMap((cell) => cellTexts(cell, out, ctx)));
  }
  if (rows.every((row) => row.every((cell) => cell === ""))) return;
  // Every row as wide as the widest, so the table renders as a grid.
  const width = maxOf(rows.map((row) => row.length));
  const padded = rows.map((row) => [...row, ...Array<string>(width - row.length).fill("")]);
  out.blocks.push({ type: "table", header, rows: padded, box: null });
}

/** Rows in source order; a caption becomes a paragraph before the table. */
function tableRows(table: Element, out: Out, ctx: Ctx): { row: Element; inHead: boolean }[] {
  const rows: { row: Element; inHead: boolean }[] = [];
  for (const child of childElements(table)) {
    if (child.tagName === "caption") walkContainer(child, out, ctx);
    else if (child.tagName === "tr") rows.push({ row: child, inHead: false });
    else if (["thead", "tbody", "tfoot"].includes(child.tagName)) {
      for (const row of childElements(child)) {
        if (row.tagName === "tr") rows.push({ row, inHead: child.tagName === "thead" });
      }
    }
  }
  return rows;
}

/** A cell's text, followed by empty cells for the columns its colspan covers. */
function cellTexts(cell: Element, out: Out, ctx: Ctx): string[] {
  const run = new InlineRun(out, { singleLine: true });
  run.children(cell, ctx);
  const span = Math.min(Math.max(Number.parseInt(prop(cell, "colSpan") ?? "1", 10) || 1, 1), 100);
  return [run.finish().text, ...Array<string>(span - 1).fill("")];
}

// ---------------------------------------------------------------------------------------------
// Inline text

interface RunOptions {
  /** Headings and table cells: line breaks and nested block edges become spaces. */
  singleLine?: boolean;
  /** <pre>: whitespace kept as written. */
  verbatim?: boolean;
  /** List items: sub-lists are handed here instead of being flattened into the item text. */
  onList?: (list: Element) => void;
}

interface PendingLink {
  seq: number;
  href: string;
  start: number;
  end: number;
  element: Element;
}

/**
 * Collects the text of one block the way a browser lays out inline content: runs of HTML whitespace
 * become one space, none at line starts; <br> is a line break. Links are tracked as offsets and fixed
 * up once the text is trimmed.
 */
class InlineRun {
  private text = "";
  private preserve: number;
  private readonly pending: PendingLink[] = [];

  constructor(
    private readonly out: Out,
    private readonly options: RunOptions = {},
  ) {
    this.preserve = options.verbatim ? 1 : 0;
  }

  children(el: Element, ctx: Ctx): void {
    for (const child of el.children) this.node(child, ctx);
  }

  node(node: ElementContent, ctx: Ctx): void {
    if (node.type === "text") return this.append(node.value);
    if (!isElement(node)) return;
    const kind = classify(node, ctx);
    if (kind === "silent") return;
    if (kind === "chrome") return addFurniture(node, this.out);
    const tag = node.tagName;
    const inner = enter(ctx, node);
    if (tag === "br") return this.lineBreak();
    if ((tag === "ul" || tag === "ol") && this.options.onList) return this.options.onList(node);
    const href = tag === "a" ? prop(node, "href") : null;
    if (href !== null) return this.link(node, href, inner);
    if (tag === "pre" || tag === "listing" || tag === "xmp") {
      this.boundary();
      this.preserve++;
      this.children(node, inner);
      this.preserve--;
      return this.boundary();
    }
    if (BLOCK_LEVEL.has(tag)) {
      this.boundary();
      this.children(node, inner);
      return this.boundary();
    }
    this.children(node, inner);
  }

  private link(el: Element, href: string, ctx: Ctx): void {
    const pending: PendingLink = { seq: this.out.nextSeq++, href, start: this.text.length, end: 0, element: el };
    this.pending.push(pending);
    this.children(el, ctx);
    pending.end = this.text.length;
  }

  private append(value: string): void {
    if (this.preserve > 0) {
      this.text += value;
      return;
    }
    // HTML whitespace only: a no-break space is a character the author put there on purpose.
    let text = value.replace(/[ \t\n\r\f]+/g, " ");
    if (text.startsWith(" ") && (this.text === "" || /[ \n]$/.test(this.text))) text = text.slice(1);
    this.text += text;
  }

  private lineBreak(): void {
    if (this.options.singleLine) return this.append(" ");
    if (this.preserve === 0) this.text = this.text.replace(/ +$/, "");
    this.text += "\n";
  }

  /** The edge of a block nested in inline content: a new line, but never a blank one. */
  private boundary(): void {
    if (this.options.singleLine) return this.append(" ");
    this.text = this.text.replace(/ +$/, "");
    if (this.text !== "" && !this.text.endsWith("\n")) this.text += "\n";
  }

  /** The trimmed text and its inline links; also records each link, in document order, for links[]. */
  finish(): { text: string; links: InlineLink[] } {
    const raw = this.text;
    // <pre> keeps its indentation; only the blank lines around it go.
    const start = this.options.verbatim ? raw.replace(/^\n+/, "") : raw.trimStart();
    const text = start.trimEnd();
    const lead = raw.length - start.length;
    const links: InlineLink[] = [];
    for (const pending of this.pending) {
      const span = shrinkToText(text, pending.start - lead, pending.end - lead);
      if (span.end > span.start) links.push({ start: span.start, end: span.end, href: pending.href });
      const shown = collapseWhitespace(text.slice(span.start, span.end));
      this.out.links.push({
        seq: pending.seq,
        link: { page: 1, text: shown || fallbackLabel(pending.element), href: pending.href },
      });
    }
    return { text, links };
  }
}

/** Clamps a link's span to the trimmed text and drops whitespace at its edges. */
function shrinkToText(text: string, start: number, end: number): { start: number; end: number } {
  let e = Math.min(Math.max(end, 0), text.length);
  let s = Math.min(Math.max(start, 0), e);
  while (s < e && /\s/.test(text.charAt(s))) s++;
  while (e > s && /\s/.test(text.charAt(e - 1))) e--;
  return { start: s, end: e };
}

/** A link with no text of its own (an image or icon link) is named by its image alt text or label. */
function fallbackLabel(a: Element): string {
  const alts = findAll(a, (el) => el.tagName === "img").map((img) => prop(img, "alt") ?? "");
  return collapseWhitespace(alts.join(" ")) || collapseWhitespace(prop(a, "ariaLabel") ?? prop(a, "title") ?? "");
}

function firstH1(blocks: readonly Block[]): string | null {
  const h1 = blocks.find((block) => block.type === "heading" && block.depth === 1);
  return h1?.type === "heading" ? collapseWhitespace(h1.text) || null : null;
}

// ---------------------------------------------------------------------------------------------
// <head> → documentInfo

/** <meta> names (lower-case; name, property or http-equiv) for each field, in order of preference. */
const META_FIELDS = {
  subject: ["description", "dc.description", "dcterms.description", "og:description"],
  keywords: ["keywords", "dc.subject", "dcterms.subject"],
  author: ["author", "dc.creator", "dcterms.creator", "article:author"],
  creator: ["generator"],
  created: ["dcterms.created", "dc.date.created", "article:published_time", "date", "dc.date", "dcterms.date", "dcterms.issued"],
  modified: ["dcterms.modified", "dc.date.modified", "article:modified_time", "og:updated_time", "last-modified", "revised"],
  language: ["content-language", "language", "dc.language", "dcterms.language"],
} as const;

function readDocumentInfo(html: Element | null, head: Element | null): DocumentInfo {
  const metas = head ? metaValues(head) : new Map<string, string>();
  const pick = (names: readonly string[]): string | null => {
    for (const name of names) {
      const value = metas.get(name);
      if (value) return value;
    }
    return null;
  };
  const titleEl = head ? findAll(head, (el) => el.tagName === "title")[0] : undefined;
  const title = titleEl ? collapseWhitespace(titleEl.children.map(visibleTextOfTitle).join("")) : "";
  const declaredLang = html ? (prop(html, "lang") ?? prop(html, "xmlLang")) : null;
  return {
    ...EMPTY_DOCUMENT_INFO,
    title: title || null,
    subject: pick(META_FIELDS.subject),
    keywords: pick(META_FIELDS.keywords),
    author: pick(META_FIELDS.author),
    creator: pick(META_FIELDS.creator),
    created: pick(META_FIELDS.created),
    modified: pick(META_FIELDS.modified),
    language: declaredLang?.trim() || pick(META_FIELDS.language),
  };
}

/** <title> holds raw text only; visibleText would skip it as a silent tag. */
function visibleTextOfTitle(node: ElementContent): string {
  return node.type === "text" ? node.value : "";
}

function metaValues(head: Element): Map<string, string> {
  const values = new Map<string, string>();
  for (const meta of findAll(head, (el) => el.tagName === "meta")) {
    const key = (prop(meta, "name") ?? prop(meta, "property") ?? prop(meta, "httpEquiv"))?.trim().toLowerCase();
    const content = collapseWhitespace(prop(meta, "content") ?? "");
    if (key && content && !values.has(key)) values.set(key, content);
  }
  return values;
}

/** "da-DK" → "da"; anything that is not a language subtag ("", "x-default") → null. */
function primaryLanguage(tag: string | null): string | null {
  const primary = tag?.trim().split(/[-_]/)[0]?.toLowerCase() ?? "";
  return /^[a-z]{2,3}$/.test(primary) ? primary : null;
}
