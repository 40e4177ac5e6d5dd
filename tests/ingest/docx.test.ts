// Word documents read natively: the corpus extract against its truth, real Danish municipal
// documents, and mammoth's own odd test files (a record or a named error each).
import { readFileSync, readdirSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { createServices, extract } from "../../pipeline/index.ts";
import type { DocumentRecord } from "../../src/model/document.ts";
import { ArkivError } from "../../src/model/errors.ts";
import { shared, wordRecall } from "../helpers/shared.ts";

const services = createServices();
afterAll(() => services.close());

async function record(path: string): Promise<DocumentRecord> {
  return (await extract({ absPath: shared(path), relPath: path.split("/").pop()! }, { repair: true, ocr: "auto" }, services)).record;
}

describe("DOCX", () => {
  it("reads the corpus extract: its heading, paragraphs and the four-item list as a list", async () => {
    const doc = await record("corpus/styringsaftale-uddrag.docx");
    expect(doc.source.mediaType).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    const page = doc.pages[0]!;
    expect(page.method).toBe("native");
    const [heading, ...rest] = page.blocks;
    expect(heading).toMatchObject({ type: "heading", depth: 1, text: "Styringsaftalen" });
    const lists = rest.filter((b) => b.type === "list");
    expect(lists.length).toBe(1);
    expect(lists[0]!.type === "list" && lists[0]!.items.map((i) => i.text.split(" ")[0])).toEqual(["Incitament", "Retvisende", "Budgetsikkerhed", "Udviklingstiltag"]);
    expect(rest.filter((b) => b.type === "paragraph").length).toBeGreaterThanOrEqual(5);
    const truth = readFileSync(shared("corpus/truth/styringsaftale-uddrag.txt"), "utf8");
    expect(wordRecall(truth, page.text)).toBeGreaterThanOrEqual(0.98);
    expect(doc.title).toBe("Styringsaftalen");
    expect(doc.language).toBe("da");
    // Born-digital: nothing to repair.
    expect(doc.repairs).toEqual([]);
  });

  it("reads real Danish municipal documents with their headings and tables", async () => {
    const dir = "testdata/danish-office/";
    const files = readdirSync(shared(dir)).filter((f) => f.endsWith(".docx"));
    expect(files.length).toBeGreaterThanOrEqual(9);
    let tables = 0;
    for (const f of files) {
      const doc = await record(dir + f);
      const blocks = doc.pages.flatMap((p) => p.blocks);
      expect(blocks.some((b) => b.type === "heading"), f).toBe(true);
      expect(doc.pages[0]!.text.length, f).toBeGreaterThan(100);
      tables += blocks.filter((b) => b.type === "table").length;
    }
    expect(tables).toBeGreaterThanOrEqual(5);
    const replicator = await record(`${dir}SOFD_Core_-_AD_replikator.docx`);
    const table = replicator.pages[0]!.blocks.find((b) => b.type === "table");
    expect(table?.type === "table" && table.rows.length).toBeGreaterThan(1);
  });

  it("gives each of mammoth's odd test files a record or a named error", async () => {
    const dir = "testdata/fuzz/mammoth-docx/";
    for (const f of readdirSync(shared(dir)).filter((f) => f !== "PROVENANCE.txt")) {
      try {
        const doc = await record(dir + f);
        expect(doc.pages.length, f).toBe(1);
      } catch (err) {
        expect(err, f).toBeInstanceOf(ArkivError);
        // The two plain zips are no Word documents.
        expect(f).toMatch(/\.zip$/);
        expect((err as ArkivError).code).toBe("unsupported-format");
      }
    }
    const footnotes = await record(`${dir}footnotes.docx`);
    // The body with its footnote references, then the footnotes themselves as a list.
    expect(footnotes.pages[0]!.text).toMatch(/^Ouch/);
    expect(footnotes.pages[0]!.blocks.find((b) => b.type === "list")?.type).toBe("list");
    expect(footnotes.pages[0]!.text).toContain("A tachyon walks into");
    const tables = await record(`${dir}tables.docx`);
    expect(tables.pages[0]!.blocks.some((b) => b.type === "table")).toBe(true);
  });
});
