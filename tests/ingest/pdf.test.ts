import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extract } from "../../pipeline/index.ts";
import { readPdf } from "../../pipeline/ingest/pdf.ts";
import { inOrder, shared, wordRecall } from "../helpers/shared.ts";

const bornDigital = [
  ["rammeaftale.pdf", "rammeaftale.txt"],
  ["socialaftale-2021-2022.pdf", "socialaftale-2021-2022.txt"],
] as const;

function truthParagraphs(truth: string): string[] {
  return truth
    .split(/\n\s*\n/)
    .map((p) => p.replace(/^\s*•\s*/gm, "").replace(/\s+/g, " ").trim())
    .filter((p) => p.length > 0);
}

describe("born-digital PDF ingest", () => {
  for (const [file, truthFile] of bornDigital) {
    describe(file, async () => {
      const { markdown, record } = await extract({ absPath: shared(`corpus/${file}`), relPath: file });
      const truth = readFileSync(shared(`corpus/truth/${truthFile}`), "utf8");

      it("recalls ≥ 99% of the truth's words, with æ ø å intact", () => {
        expect(wordRecall(truth, markdown)).toBeGreaterThanOrEqual(0.99);
        expect(markdown).toMatch(/område/);
        expect(markdown).not.toMatch(/omrade|\uFFFD/);
      });

      it("keeps the truth's paragraphs in reading order", () => {
        // Every truth paragraph's first words appear in the Markdown in the truth's order.
        const openings = truthParagraphs(truth).map((p) => p.split(" ").slice(0, 4).join(" "));
        const flat = record.pages.map((p) => p.text).join("\n").replace(/\s+/g, " ");
        expect(inOrder(flat, openings)).toBe(true);
      });

      it("finds headings by font size and marks every page", () => {
        const headings = record.pages.flatMap((p) => p.blocks).filter((b) => b.type === "heading");
        const h1 = headings.filter((h) => h.type === "heading" && h.depth === 1).map((h) => h.text);
        expect(h1).toContain(truth.split("\n")[0]!.trim());
        for (const line of ["Styringsaftalen", "Tidsplan for Nordjysk Socialaftale"]) {
          if (truth.includes(`\n${line}\n`)) expect(headings.map((h) => h.text)).toContain(line);
        }
        expect(record.pages.map((p) => p.method)).toEqual(record.pages.map(() => "text-layer"));
        for (const p of record.pages) expect(markdown).toContain(`<!-- page ${p.number} -->`);
      });

      it("reads the PDF's own metadata", () => {
        expect(record.documentInfo.title).toMatch(/Nordjysk Socialaftale/);
        expect(record.documentInfo.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        expect(record.language).toBe("da");
      });
    });
  }

  it("turns bullet lists drawn as graphics into list blocks", async () => {
    const result = await readPdf(new Uint8Array(readFileSync(shared("corpus/rammeaftale.pdf"))));
    const lists = result.pages.flatMap((p) => p.blocks).filter((b) => b.type === "list");
    const items = lists.map((l) => (l.type === "list" ? l.items.map((i) => i.text) : []));
    expect(items).toContainEqual([
      "Nærhed i form af en indsats i nærmiljøet.",
      "Inklusion i almensystemet.",
      "En sammenhængende og helhedsorienteret indsats.",
      "Forebyggelse i form af tidlig indsats.",
    ]);
    // Four parallel "at …" items, the third of which fills its last line to the margin.
    expect(items.find((l) => l[0]?.startsWith("at sikre og styre"))).toHaveLength(4);
  });

  it("keeps dated list items whole (\"9. marts\" is a date, not a list number)", async () => {
    const result = await readPdf(new Uint8Array(readFileSync(shared("corpus/socialaftale-2021-2022.pdf"))));
    const text = result.pages.map((p) => p.text).join("\n");
    expect(text).toContain("9. marts: DAS drøftelse om retning for Nordjysk Socialaftale");
    expect(text).toContain("1. december: Nordjysk Socialaftale 2021-2022 fremsendes til Socialstyrelsen.");
  });

  it("keeps link annotations as links with their text", async () => {
    const result = await readPdf(new Uint8Array(readFileSync(shared("corpus/socialaftale-2021-2022.pdf"))));
    const bilag3 = result.links.find((l) => l.text.includes("Bilag 3"));
    expect(bilag3?.href).toMatch(/bilag-3-central-udmelding.*\.pdf$/);
  });

  it("flags pages without a text layer instead of inventing text", async () => {
    const result = await readPdf(new Uint8Array(readFileSync(shared("corpus/slides-2021-2022-scan.pdf"))));
    expect(result.pages).toHaveLength(7);
    expect(result.pages.every((p) => p.text === "")).toBe(true);
    expect(result.warnings.filter((w) => w.code === "no-text-layer")).toHaveLength(7);
  });

  it("marks an invisible OCR text layer as such", async () => {
    const result = await readPdf(new Uint8Array(readFileSync(shared("corpus/slides-2021-2022-legacy.pdf"))));
    expect(result.warnings.some((w) => w.code === "ocr-text-layer")).toBe(true);
    expect(result.pages[0]!.methodReason).toMatch(/invisible OCR/);
  });

  it("names a broken PDF as corrupt", async () => {
    const bytes = new TextEncoder().encode("%PDF-1.7\nthis is not a pdf at all\n");
    await expect(readPdf(bytes)).rejects.toMatchObject({ code: "corrupt" });
  });
});
