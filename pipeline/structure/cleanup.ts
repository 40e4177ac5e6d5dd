// Text that is not the document's: a template's prompts ("Klik for at tilføje tekst"), page and
// slide numbers (kept as furniture), and what OCR reads into pictures and rules ("NNNNNNNNNNN",
// "MNY" from an icon, a column of single glyphs), which is dropped and counted.
import type { Block, Page, Word } from "../../src/model/document.ts";
import { joinRich, richLines } from "./rich.ts";
import { pushAll } from "../../src/lib/arrays.ts";

/**
 * Prompts of PowerPoint's and Word's Danish and English templates, and the filler of this
 * template family ("INDSAT EMNE"). Compared with letters only, case folded.
 */
const TEMPLATE_PROMPTS = [
  "klik for at tilføje tekst",
  "klik for at tilføje titel",
  "klik for at tilføje undertitel",
  "klik for at tilføje noter",
  "klik for at redigere titeltypografien i masteren",
  "klik for at redigere teksttypografierne i masteren",
  "klik for at redigere undertiteltypografien i masteren",
  "klik her for at skrive tekst",
  "klik eller tryk her for at skrive tekst",
  "indsæt emne",
  "indsat emne",
  "indsæt titel",
  "indsæt tekst",
  "indsæt dato",
  "indsæt navn",
  "click to add text",
  "click to add title",
  "click to add subtitle",
  "click to edit master title style",
  "click to edit master text styles",
  "click to edit master subtitle style",
  "click here to enter text",
  "insert subject",
  "insert title",
].map(letters);

export interface Cleaned {
  page: Page;
  junk: number;
}

/** Template prompts and page numbers go to furniture; OCR junk (on OCR'd pages) goes to `dropped` and is counted. */
export function cleanPage(page: Page): Cleaned {
  const furniture = [...page.furniture];
  const dropped = [...page.dropped];
  const blocks: Block[] = [];
  let junk = 0;
  const typical = typicalWordHeight(page.words);
  for (const block of page.blocks) {
    if (block.type !== "paragraph" && block.type !== "heading") {
      blocks.push(block);
      continue;
    }
    const lines = richLines(block);
    const kept = lines.filter((line) => !isTemplatePrompt(line.text));
    pushAll(furniture, lines.filter((line) => isTemplatePrompt(line.text)).map((line) => line.text.trim()));
    if (!kept.length) continue;
    const rich = kept.length === lines.length ? block : joinRich(kept, "\n");
    if (isPageNumber(rich.text, block, page)) {
      furniture.push(rich.text.trim());
      continue;
    }
    if (page.method === "ocr" && isOcrJunk(rich.text, block, page, typical)) {
      junk++;
      dropped.push(rich.text.trim());
      continue;
    }
    blocks.push(rich === block ? block : { ...block, text: rich.text, links: rich.links });
  }
  const changed = blocks.length !== page.blocks.length || blocks.some((b, i) => b !== page.blocks[i]);
  return { page: changed ? { ...page, blocks, furniture, dropped } : page, junk };
}

function letters(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}]+/gu, " ").trim();
}

export function isTemplatePrompt(line: string): boolean {
  const l = letters(line);
  return l.length > 0 && TEMPLATE_PROMPTS.includes(l);
}

/** A number alone at the top or bottom of a page (or slide) is its number. */
function isPageNumber(text: string, block: Block, page: Page): boolean {
  if (!/^\s*(?:side\s+)?\d{1,3}(?:\s*(?:af|\/)\s*\d{1,3})?\s*$/i.test(text)) return false;
  if (!block.box || !page.height) return false;
  const centre = (block.box.y + block.box.h / 2) / page.height;
  return centre > 0.8 || centre < 0.1;
}

function isOcrJunk(text: string, block: Block, page: Page, typical: number): boolean {
  const compact = text.replace(/\s+/g, "");
  if (!compact) return true;
  const letterCount = compact.replace(/[^\p{L}]/gu, "").length;
  const digitCount = compact.replace(/[^\p{N}]/gu, "").length;
  // Rules and frames read as marks: mostly neither letters nor digits.
  if (compact.length >= 3 && letterCount + digitCount < 0.5 * compact.length) return true;
  // A picture's texture read as one letter over and over.
  if (/(\p{L})\1{4,}/u.test(compact) && new Set(compact.toLowerCase()).size <= 3) return true;
  const words = wordsIn(block, page.words, Math.max(2, typical / 2));
  if (!words.length) return false;
  const confidence = words.reduce((s, w) => s + w.confidence, 0) / words.length;
  const tokens = text.split(/\s+/).filter(Boolean);
  // An icon read as a tiny word: far smaller than the page's text, and unsure.
  if (typical > 0 && block.box && block.box.h < 0.55 * typical && confidence < 0.7 && tokens.length <= 3) return true;
  // A column of single glyphs (a rotated sidebar, a table's rules) read across.
  if (tokens.length >= 3 && tokens.every((t) => t.length <= 2) && confidence < 0.7) return true;
  return false;
}

/** The OCR words of a block. Block boxes come from the deskewed image, word boxes from the page: allow for the turn. */
function wordsIn(block: Block, words: readonly Word[], margin: number): Word[] {
  const b = block.box;
  if (!b) return [];
  return words.filter((w) => {
    const cx = w.box.x + w.box.w / 2;
    const cy = w.box.y + w.box.h / 2;
    return cx >= b.x - margin && cx <= b.x + b.w + margin && cy >= b.y - margin && cy <= b.y + b.h + margin;
  });
}

function typicalWordHeight(words: readonly Word[]): number {
  const heights = words.filter((w) => /\p{L}{3,}/u.test(w.text)).map((w) => w.box.h).sort((a, b) => a - b);
  return heights[Math.floor(heights.length / 2)] ?? 0;
}
