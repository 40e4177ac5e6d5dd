// Plain text reader: legacy OCR dumps and copied web-page text (.txt).
//
// The job here is to decode the bytes faithfully and cut the text into pages and blocks only where
// the file itself shows the cut. Words are never altered: repairing OCR damage (æ ø å) is the
// repair stage's job, and reflowing lines is the structure stage's.
import type { Block, ListItem, Page, Warning } from "../../src/model/document.ts";
import { decodeAs, isValidUtf8 } from "./decode.ts";
import { EMPTY_DOCUMENT_INFO, nativePage, type IngestResult } from "./types.ts";
import { minOf, pushAll } from "../../src/lib/arrays.ts";

/** Reads a plain text file into pages of blocks. Synchronous; never throws on odd bytes. */
export function readText(bytes: Uint8Array): IngestResult {
  const warnings: Warning[] = [];
  const decoded = decodeText(bytes);
  if (decoded.guessed) {
    warnings.push({
      page: null,
      code: "encoding-guessed",
      message: `not valid UTF-8 and no byte order mark; decoded as ${decoded.encoding}`,
    });
  }

  let text = normaliseNewlines(decoded.text);
  if (text.includes("\u0000")) {
    // NULs mean binary junk slipped past detection; they carry no text and break Markdown output.
    text = text.replace(/\u0000/g, "");
    warnings.push({ page: null, code: "nul-removed", message: "NUL characters were removed from the text" });
  }

  const split = splitPages(text);
  const pages = split.pageTexts.map((pageText, i) => buildPage(i + 1, pageText, split));
  if (pages.every((page) => page.blocks.length === 0)) {
    warnings.push({ page: null, code: "no-text", message: "the file holds no text, only whitespace" });
  }

  return {
    pages,
    links: [],
    documentInfo: EMPTY_DOCUMENT_INFO,
    title: documentTitle(pages),
    language: null,
    encoding: decoded.encoding,
    warnings,
    // Legacy OCR of a deck marks each slide's title; form feeds are printed pages.
    layout: split.method === "slide-title" ? "slides" : split.method === "form-feed" ? "pages" : "flow",
  };
}

// ---------------------------------------------------------------------------------------------
// Encoding

interface Decoded {
  text: string;
  encoding: "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";
  /** True when nothing in the file declared or proved the encoding. */
  guessed: boolean;
}

/** BOM first, then strict UTF-8, then windows-1252 (what legacy Danish files really are). */
export function decodeText(bytes: Uint8Array): Decoded {
  // A file that declares UTF-8 by BOM is UTF-8 even with a bad byte, which shows as U+FFFD.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decodeAs(bytes.subarray(3), "utf-8"), encoding: "utf-8", guessed: false };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: decodeAs(bytes.subarray(2), "utf-16le"), encoding: "utf-16le", guessed: false };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: decodeAs(bytes.subarray(2), "utf-16be"), encoding: "utf-16be", guessed: false };
  }
  if (isValidUtf8(bytes)) return { text: decodeAs(bytes, "utf-8"), encoding: "utf-8", guessed: false };
  return { text: decodeAs(bytes, "windows-1252"), encoding: "windows-1252", guessed: true };
}

function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

// ---------------------------------------------------------------------------------------------
// Pages

type SplitMethod = "form-feed" | "slide-title" | "none";

interface PageSplit {
  method: SplitMethod;
  pageTexts: string[];
}

const METHOD_REASON: Record<SplitMethod, string> = {
  "form-feed": "plain text file; pages split at form feeds",
  "slide-title": "plain text file; pages split at leading-space slide titles",
  none: "plain text file; one page: no page breaks evident",
};

/** Splits only where the file shows a break: form feeds, else a pattern of slide titles. */
function splitPages(text: string): PageSplit {
  if (text.includes("\f")) return { method: "form-feed", pageTexts: splitAtFormFeeds(text) };
  const lines = text.split("\n");
  if (hasSlideTitlePattern(lines)) return { method: "slide-title", pageTexts: splitAtSlideTitles(lines) };
  return { method: "none", pageTexts: [text] };
}

/**
 * Every form feed starts a new page, so empty pages between two form feeds are kept (the page count
 * must match the source). A form feed followed only by whitespace ends the last page instead of
 * opening an empty one: pdftotext and printers terminate every page with \f.
 */
function splitAtFormFeeds(text: string): string[] {
  const pages = text.split("\f");
  if (pages.length > 1 && isBlank(pages[pages.length - 1] ?? "")) pages.pop();
  return pages;
}

/**
 * The seeds' slide convention: an OCR'd deck puts each slide title on a line that starts with exactly
 * one space. A line is a slide-title candidate when
 *   - it starts with one U+0020 followed by a non-whitespace character (two spaces or a tab is indent);
 *   - what follows the space is not a bullet glyph + space: web text writes list items as " • item",
 *     and those are list items, not titles;
 *   - it holds a letter and is title-sized (≤ 120 characters), so a stray indented body sentence or
 *     a line of rules/digits does not open a page.
 * The convention applies only as a pattern: at least two candidates, and the file is not simply
 * indented (if most non-blank lines start with whitespace, the leading space is layout, not a mark).
 */
const MAX_TITLE_LENGTH = 120;

export function isSlideTitleCandidate(line: string): boolean {
  if (!/^ \S/.test(line)) return false;
  const body = line.slice(1).trimEnd();
  if (bulletMatch(body)) return false;
  return /\p{L}/u.test(body) && body.length <= MAX_TITLE_LENGTH;
}

function hasSlideTitlePattern(lines: readonly string[]): boolean {
  const nonBlank = lines.filter((line) => !isBlank(line));
  const candidates = nonBlank.filter(isSlideTitleCandidate).length;
  const indented = nonBlank.filter((line) => /^[ \t]/.test(line)).length;
  return candidates >= 2 && indented * 2 <= nonBlank.length;
}

/** Each candidate line opens a page; text before the first title (if any) is a page of its own. */
function splitAtSlideTitles(lines: readonly string[]): string[] {
  const pages: string[][] = [[]];
  for (const line of lines) {
    const current = pages[pages.length - 1] ?? [];
    if (isSlideTitleCandidate(line) && current.some((l) => !isBlank(l))) pages.push([line]);
    else current.push(line);
  }
  return pages.map((page) => page.join("\n"));
}

function buildPage(number: number, pageText: string, split: PageSplit): Page {
  return nativePage(number, METHOD_REASON[split.method], toBlocks(pageText, split.method === "slide-title"));
}

// ---------------------------------------------------------------------------------------------
// Blocks

/** Bullet glyphs seen in the sources; "=" is how OCR with the wrong language renders ▪. */
const BULLET = /^([•▪■➢\-–*=])\s+(?=\S)/u;

function bulletMatch(line: string): RegExpMatchArray | null {
  return BULLET.exec(line.trimStart());
}

/**
 * Splits a page on blank lines into blocks. When the page was opened by a slide title, that line
 * becomes a depth-2 heading. Lines are kept as they are (no reflow); only trailing spaces and the
 * block's common indentation go.
 */
function toBlocks(pageText: string, titled: boolean): Block[] {
  const lines = pageText.split("\n").map((line) => line.trimEnd());
  const blocks: Block[] = [];
  let start = 0;
  if (titled) {
    const first = lines.findIndex((line) => !isBlank(line));
    const firstLine = first >= 0 ? lines[first] : undefined;
    if (firstLine !== undefined && isSlideTitleCandidate(firstLine)) {
      blocks.push({ type: "heading", depth: 2, text: firstLine.trim(), links: [], box: null });
      start = first + 1;
    }
  }
  for (const group of blankSeparatedGroups(lines.slice(start))) pushAll(blocks, groupToBlocks(dedent(group)));
  return mergeAdjacentLists(blocks);
}

function blankSeparatedGroups(lines: readonly string[]): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (isBlank(line)) {
      if (current.length > 0) groups.push(current);
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * A group is a paragraph, a list, or a paragraph followed by a list: OCR often puts a sub-heading
 * right above its bullets ("Den gode alderdom" / "= Her sættes fokus …") with no blank line between.
 * Once a bullet has started, later non-bullet lines continue the current item.
 */
function groupToBlocks(lines: readonly string[]): Block[] {
  const firstBullet = lines.findIndex((line) => bulletMatch(line) !== null);
  if (firstBullet < 0) return [paragraph(lines)];
  const blocks: Block[] = [];
  if (firstBullet > 0) blocks.push(paragraph(lines.slice(0, firstBullet)));
  blocks.push(list(lines.slice(firstBullet)));
  return blocks;
}

function paragraph(lines: readonly string[]): Block {
  return { type: "paragraph", text: lines.join("\n"), links: [], box: null };
}

function list(lines: readonly string[]): Block {
  const items: ListItem[] = [];
  for (const line of lines) {
    const bullet = bulletMatch(line);
    const last = items[items.length - 1];
    if (bullet) {
      items.push({ text: line.trimStart().slice(bullet[0].length).trim(), links: [], level: 0, marker: bullet[1] ?? null });
    }
    else if (last) last.text = `${last.text} ${line.trim()}`;
  }
  return { type: "list", ordered: false, start: null, items, box: null };
}

/**
 * OCR writes a blank line between bullet items; the reader sees one list, so consecutive list
 * blocks (nothing but blank lines between them) become one.
 */
function mergeAdjacentLists(blocks: readonly Block[]): Block[] {
  const merged: Block[] = [];
  for (const block of blocks) {
    const previous = merged[merged.length - 1];
    if (block.type === "list" && previous?.type === "list") {
      merged[merged.length - 1] = { ...previous, items: [...previous.items, ...block.items] };
    } else {
      merged.push(block);
    }
  }
  return merged;
}

/** Removes indentation shared by every line of a block; relative indentation may carry meaning. */
function dedent(lines: readonly string[]): string[] {
  const indents = lines.map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0);
  const common = minOf(indents);
  return common > 0 ? lines.map((line) => line.slice(common)) : [...lines];
}

// ---------------------------------------------------------------------------------------------
// Title

/** The first heading's text, else the first non-empty line of the first page with text. */
function documentTitle(pages: readonly Page[]): string | null {
  for (const page of pages) {
    const heading = page.blocks.find((block) => block.type === "heading");
    if (heading) return heading.text;
  }
  for (const page of pages) {
    const line = page.text.split("\n").find((l) => !isBlank(l));
    if (line !== undefined) return line.trim();
  }
  return null;
}

/** Whitespace-only, counting the NBSPs that web-page copies leave on otherwise empty lines. */
function isBlank(line: string): boolean {
  return line.trim() === "";
}
