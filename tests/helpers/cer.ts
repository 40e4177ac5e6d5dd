// OCR text scored with the corpus's own scorer (shared/corpus-tools/lib/cer.mjs), so the figures
// in tests are the figures anyone else measures.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reflow } from "../../pipeline/structure/reflow.ts";
import { shared } from "./shared.ts";

export interface CerScore {
  cer: number;
  cer_order_free: number;
  word_recall: number;
  dk_words: number;
  dk_words_intact: number;
}

export function cer(truth: string, ocr: string): CerScore {
  const dir = mkdtempSync(join(tmpdir(), "arkiv-cer-"));
  writeFileSync(join(dir, "truth.txt"), truth);
  writeFileSync(join(dir, "ocr.txt"), ocr);
  try {
    const out = execFileSync(process.execPath, [shared("corpus-tools/lib/cer.mjs"), join(dir, "truth.txt"), join(dir, "ocr.txt"), "--json"], {
      encoding: "utf8",
    });
    return JSON.parse(out) as CerScore;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The body of a deck's truth pages: every block but the last, which the truth README says is the
 * page furniture (footer, slide number, logo, rotated sidebar).
 */
export function deckBodyTruth(folder: string): string[] {
  const dir = shared(`corpus/truth/${folder}/`);
  return readdirSync(dir)
    .filter((f) => /^page-\d+\.txt$/.test(f))
    .sort()
    .map((f) => {
      const blocks = readFileSync(dir + f, "utf8").trim().split(/\n\s*\n/);
      // The truth keeps the slide's visual lines; the body re-flows them (structure stage), so
      // the truth is re-flowed the same way and only reading errors are left to count.
      return blocks
        .slice(0, -1)
        .map((b) => (b.includes(" | ") ? b : reflow({ text: b, links: [] }).text))
        .join("\n\n");
    });
}
