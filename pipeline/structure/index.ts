import type { DocumentRecord, StageRun } from "../../src/model/document.ts";
import { blocksToText } from "../ingest/types.ts";
import type { StageContext } from "../types.ts";
import { moveRunningFurniture } from "./furniture.ts";

export const STRUCTURE_VERSION = "0.1.0";

/**
 * Stage 4: the page structure. Built so far: running furniture (text that recurs at the same
 * place on most pages) moves from the body to the page's furniture. Slides, re-flowed paragraphs
 * and rebuilt tables come with issue 6.
 */
export async function structure(doc: DocumentRecord, _ctx: StageContext): Promise<DocumentRecord> {
  const { pages, moved } = moveRunningFurniture(doc.pages);
  // Only the body text changes; rawText keeps what the reader produced, furniture included.
  const withText = pages.map((p, i) => (p === doc.pages[i] ? p : { ...p, text: blocksToText(p.blocks) }));
  const run: StageRun = {
    name: "structure",
    version: STRUCTURE_VERSION,
    status: "done",
    settings: { runningFurniture: true },
    note: `${moved} running furniture block(s) moved out of the body; slide, list and table rebuilding is not built yet`,
  };
  return { ...doc, pages: withText, provenance: { ...doc.provenance, stages: [...doc.provenance.stages, run] } };
}
