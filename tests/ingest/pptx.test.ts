// PowerPoint decks read natively: the corpus deck against its truth (sections, bullets, notes,
// template furniture), real Danish decks, python-pptx's odd files, and yauzl's broken zips posing
// as Office files (a record or a named error each).
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createServices, extract } from "../../pipeline/index.ts";
import type { DocumentRecord } from "../../src/model/document.ts";
import { ArkivError } from "../../src/model/errors.ts";
import { cer, deckBodyTruth } from "../helpers/cer.ts";
import { shared, wordRecall } from "../helpers/shared.ts";

const services = createServices();
const scratch = mkdtempSync(join(tmpdir(), "arkiv-pptx-test-"));
afterAll(async () => {
  await services.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function record(absPath: string): Promise<DocumentRecord> {
  return (await extract({ absPath, relPath: absPath.split("/").pop()! }, { repair: true, ocr: "auto" }, services)).record;
}

describe("PPTX in Markdown", () => {
  it("shows each slide's speaker notes after its body, as a quotation labelled Noter", async () => {
    const { markdown } = await extract({ absPath: shared("corpus/ny-socialaftale-2023-2024.pptx"), relPath: "deck.pptx" }, { repair: true, ocr: "auto" }, services);
    const slide1 = markdown.split("<!-- page 2 -->")[0]!;
    expect(slide1).toMatch(/^## Ny Nordjysk Socialaftale$/m);
    expect(slide1).toMatch(/^> \*\*Noter:\*\* Nordjysk Socialaftale sætter rammen/m);
    expect(slide1.indexOf("> **Noter:**")).toBeGreaterThan(slide1.indexOf("- Udvikling og samarbejde på tværs"));
  });
});

describe("PPTX", () => {
  it("reads the corpus deck slide by slide: the truth's text, its bullets as lists, its notes apart", async () => {
    const doc = await record(shared("corpus/ny-socialaftale-2023-2024.pptx"));
    const truth = deckBodyTruth("ny-socialaftale-2023-2024");
    expect(doc.pages.length).toBe(truth.length);
    for (const page of doc.pages) {
      expect(page.method).toBe("native");
      const t = truth[page.number - 1]!;
      expect(wordRecall(t, page.text), `slide ${page.number}`).toBe(1);
      expect(cer(t, page.text).cer_order_free, `slide ${page.number}`).toBeLessThanOrEqual(0.01);
      // Each slide is a section under its title.
      expect(page.blocks[0]?.type, `slide ${page.number}`).toBe("heading");
      // The template's sidebar, logo and footer are furniture, never body.
      expect(page.text).not.toContain("DET SPECIALISEREDE SOCIALOMRÅDE");
      expect(page.text).not.toMatch(/^KKR$/m);
      expect(page.furniture).toEqual(expect.arrayContaining(["DET SPECIALISEREDE SOCIALOMRÅDE", "KKR", "NORDJYLLAND", String(page.number)]));
    }
    const first = doc.pages[0]!;
    const list = first.blocks.find((b) => b.type === "list");
    expect(list?.type === "list" && list.items.map((i) => i.text)).toEqual(["Styring og koordinering", "Sammenhæng i tilbudsviften", "Udvikling og samarbejde på tværs"]);
    const notes = JSON.parse(readFileSync(shared("corpus/truth/ny-socialaftale-2023-2024/notes.json"), "utf8")) as { slide: number; notes: string }[];
    for (const n of notes) {
      expect(doc.pages[n.slide - 1]!.notes).toBe(n.notes);
      expect(doc.pages[n.slide - 1]!.text).not.toContain(n.notes.slice(0, 40));
    }
    expect(doc.title).toBe("Ny Nordjysk Socialaftale");
    expect(first.blocks[0]).toMatchObject({ type: "heading", text: "Ny Nordjysk Socialaftale" });
    expect(doc.documentInfo.author).toBe("KKR Nordjylland");
  });

  it("finds the titles of real decks built without title placeholders", async () => {
    const doc = await record(shared("testdata/danish-office/SOFD_Core_-_IdM_processer_-_overblik.pptx"));
    expect(doc.pages.length).toBe(23);
    const titled = doc.pages.filter((p) => p.blocks[0]?.type === "heading");
    expect(titled.length).toBeGreaterThanOrEqual(20);
    expect(doc.pages[1]!.blocks[0]).toMatchObject({ type: "heading", text: "Agenda" });
    const small = await record(shared("testdata/danish-office/SOFD_Core_-_Datamodel.pptx"));
    expect(small.pages[0]!.text.length).toBeGreaterThan(50);
  });

  it("gives python-pptx's odd decks a record each", async () => {
    const dir = shared("testdata/fuzz/python-pptx/");
    for (const f of readdirSync(dir).filter((f) => f.endsWith(".pptx"))) {
      const doc = await record(dir + f);
      expect(doc.source.mediaType, f).toBe("application/vnd.openxmlformats-officedocument.presentationml.presentation");
    }
    const empty = await record(`${dir}no-slides.pptx`);
    expect(empty.pages).toEqual([]);
    expect(empty.warnings.map((w) => w.code)).toContain("no-slides");
  });

  it("gives every broken zip posing as a .docx or .pptx a record or a named error", async () => {
    const dir = shared("testdata/fuzz/yauzl-zips/");
    for (const sub of ["failure", "success"]) {
      for (const f of readdirSync(dir + sub)) {
        for (const ext of [".docx", ".pptx"]) {
          const fake = join(scratch, `${sub}-${f.replace(/\.zip$/, "")}${ext}`);
          copyFileSync(`${dir}${sub}/${f}`, fake);
          try {
            await record(fake);
          } catch (err) {
            expect(err, `${f} as ${ext}`).toBeInstanceOf(ArkivError);
            expect(["corrupt", "encrypted", "too-large", "unsupported-format", "empty"], `${f} as ${ext}`).toContain((err as ArkivError).code);
          }
        }
      }
    }
  });
});
