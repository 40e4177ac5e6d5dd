// Stage 3: Danish repair. Restores æ ø å in text read with the wrong language model and fixes
// OCR's confusions, word by word (correct.ts), and logs every change in `repairs`. Which text is
// touched, and how boldly, is decided per document and page (gate.ts).
import type { Block, DocumentRecord, Page, Repair, StageRun } from "../../src/model/document.ts";
import { blocksToText } from "../ingest/types.ts";
import type { StageContext } from "../types.ts";
import { danishBigrams } from "./bigrams.ts";
import { loadChannel } from "./channel/model.ts";
import { createCorrector, type Corrector, type RepairMode } from "./correct.ts";
import { judgeDocument, learnedWords, type PageGate } from "./gate.ts";
import { danishLexicon } from "./lexicon.ts";
import { applyRepairs, repairText, type TextRepair } from "./text.ts";
import { pushAll } from "../../src/lib/arrays.ts";

export const REPAIR_VERSION = "1.2.0";

export async function repair(doc: DocumentRecord, ctx: StageContext): Promise<DocumentRecord> {
  if (!ctx.options.repair) return withStage(doc, { enabled: false }, "repair turned off (--no-repair): text equals rawText");
  const gates = judgeDocument(doc);
  const lexicon = danishLexicon();
  const learned = learnedWords(doc, lexicon);
  const correctors = new Map<RepairMode, Corrector>();
  const corrector = (mode: RepairMode) => {
    let c = correctors.get(mode);
    if (!c) {
      c = createCorrector({ mode, channel: loadChannel(mode === "restore" ? "eng" : "dan"), lexicon, learned, bigrams: danishBigrams() });
      correctors.set(mode, c);
    }
    return c;
  };
  const repairs: Repair[] = [];
  const pages = doc.pages.map((page, i) => {
    const gate = gates[i]!;
    if (gate.mode === null) return page;
    const fixed = repairPage(page, corrector(gate.mode), gate);
    pushAll(repairs, fixed.repairs);
    return fixed.page;
  });
  const modes = gates.map((g) => g.mode);
  const count = (m: RepairMode | null) => modes.filter((x) => x === m).length;
  const note =
    `${repairs.length} word(s) repaired; pages restored (text read without æ ø å): ${count("restore")}, ` +
    `given confident fixes only: ${count("conservative")}, left alone: ${count(null)}`;
  return withStage({ ...doc, pages, repairs: [...doc.repairs, ...repairs] }, { enabled: true, restorePages: count("restore"), conservativePages: count("conservative") }, note);
}

/**
 * Repairs every text of the page's blocks; `repairs` carry offsets into the page text as it was
 * (rawText, which the blocks' text joins up to at this stage).
 */
function repairPage(page: Page, corrector: Corrector, gate: PageGate): { page: Page; repairs: Repair[] } {
  const repairs: Repair[] = [];
  let offset = 0;
  let found: TextRepair[] = [];
  const fix = (text: string): string => {
    found = repairText(text, corrector);
    for (const r of found) repairs.push(toRepair(page.number, r, offset, gate));
    return found.length ? applyRepairs(text, found) : text;
  };
  const blocks = page.blocks.map((block, i): Block => {
    if (i > 0) offset += 2; // blocksToText's blank line
    switch (block.type) {
      case "heading":
      case "paragraph": {
        const text = fix(block.text);
        offset += block.text.length;
        return text === block.text ? block : { ...block, text, links: shiftLinks(block.links, found) };
      }
      case "code":
        offset += block.text.length;
        return block;
      case "list": {
        const items = block.items.map((item, k) => {
          if (k > 0) offset += 1;
          offset += `${"  ".repeat(item.level)}${item.marker ?? "•"} `.length;
          const text = fix(item.text);
          offset += item.text.length;
          return text === item.text ? item : { ...item, text, links: shiftLinks(item.links, found) };
        });
        return { ...block, items };
      }
      case "table": {
        const rows = block.rows.map((row, r) => {
          if (r > 0) offset += 1;
          return row.map((cell, c) => {
            if (c > 0) offset += 1;
            const text = fix(cell);
            offset += cell.length;
            return text;
          });
        });
        return { ...block, rows };
      }
    }
  });
  if (!repairs.length) return { page, repairs };
  return { page: { ...page, blocks, text: blocksToText(blocks) }, repairs };
}

function toRepair(page: number, r: TextRepair, base: number, gate: PageGate): Repair {
  return {
    page,
    original: r.original,
    replacement: r.replacement,
    offset: base + r.offset,
    reason: `${gate.mode === "restore" ? "restoring æ ø å" : "OCR confusion"}: ${r.reason}`,
    score: r.score,
  };
}

/** Inline links point into the text by offsets: each moves by the length changes of the repairs before it. */
function shiftLinks<T extends { start: number; end: number }>(links: readonly T[], repairs: readonly TextRepair[]): T[] {
  const map = (at: number): number => {
    let shifted = at;
    for (const r of repairs) if (r.offset + r.original.length <= at) shifted += r.replacement.length - r.original.length;
    return shifted;
  };
  return links.map((l) => ({ ...l, start: map(l.start), end: map(l.end) }));
}

function withStage(doc: DocumentRecord, settings: StageRun["settings"], note: string): DocumentRecord {
  const run: StageRun = { name: "repair", version: REPAIR_VERSION, status: "done", settings, note };
  return { ...doc, provenance: { ...doc.provenance, stages: [...doc.provenance.stages, run] } };
}
