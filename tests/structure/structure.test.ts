// The structure stage's rules on text they were not written from: re-flow, bullets, mended lists,
// template text and OCR junk, and a deck in a legacy text file end to end.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { extract } from "../../pipeline/index.ts";
import { cleanPage } from "../../pipeline/structure/cleanup.ts";
import { inPageOrder } from "../../pipeline/structure/furniture.ts";
import { bulletsInParagraphs, mendInferredLists } from "../../pipeline/structure/lists.ts";
import { reflow } from "../../pipeline/structure/reflow.ts";
import type { Block, Page } from "../../src/model/document.ts";

const flow = (text: string) => reflow({ text, links: [] }).text;
const paragraph = (text: string, box: Block["box"] = null): Block => ({ type: "paragraph", text, links: [], box });

describe("re-flow of layout line breaks", () => {
  it("joins a sentence broken by the box, and a word hyphenated at the line's end", () => {
    expect(flow("Kommunalbestyrelsen har ansvaret for at\nborgerne får den rette hjælp")).toBe("Kommunalbestyrelsen har ansvaret for at borgerne får den rette hjælp");
    expect(flow("Tilbuddet er et special-\nundervisningstilbud for unge")).toBe("Tilbuddet er et specialundervisningstilbud for unge");
  });

  it("keeps a suspended hyphen and a hyphen the word has", () => {
    expect(flow("det specialiserede social- og\nspecialundervisningsområde")).toBe("det specialiserede social- og specialundervisningsområde");
    expect(flow("Møder i KKR-\nformandskabet holdes kvartalsvis")).toBe("Møder i KKR-formandskabet holdes kvartalsvis");
    expect(flow("Send en e-\nmail til os")).toBe("Send en e-mail til os");
  });

  it("keeps a hyphen at a compound's seam that no listed word spans, drops one inside a word", () => {
    // Office documents are not hyphenated unless told to: a hyphen between a compound's parts may be typed.
    expect(flow("SOFD Core vedligeholder to domæne-\nobjekter via API'et")).toBe("SOFD Core vedligeholder to domæne-objekter via API'et");
    expect(flow("opdatere organisationen (enheds-\nhierarkiet) i SD Løn")).toBe("opdatere organisationen (enheds-hierarkiet) i SD Løn");
    // Inside a listed word, or not at the seam of the compound, the hyphen only split the word.
    expect(flow("flere ledige på arbejds-\nmarkedet i år")).toBe("flere ledige på arbejdsmarkedet i år");
    expect(flow("et nyt domæneob-\njekt i modellen")).toBe("et nyt domæneobjekt i modellen");
  });

  it("keeps the author's breaks: after a label with a colon, under a label in capitals, before a bullet", () => {
    expect(flow("Handicaprådet:\nRådet mødes fire gange om året")).toBe("Handicaprådet:\nRådet mødes fire gange om året");
    expect(flow("MÅLGRUPPE\nVoksne med erhvervet hjerneskade")).toBe("MÅLGRUPPE\nVoksne med erhvervet hjerneskade");
    expect(flow("Der er fokus på\n• tidlig indsats")).toBe("Der er fokus på\n• tidlig indsats");
  });

  it("keeps each contents entry on its line", () => {
    expect(flow("1 Indledning … 3\n1.1 Forudsætninger … 3\n2 Installation af Windows Service … 4")).toBe("1 Indledning … 3\n1.1 Forudsætninger … 3\n2 Installation af Windows Service … 4");
    expect(flow("2.2 Model og principper bag OS2sofd ........ 4\nmiddleware")).toBe("2.2 Model og principper bag OS2sofd ........ 4\nmiddleware");
  });

  it("keeps a short line before a capital (a heading line), joins a full one", () => {
    const box = "Det nære samarbejde\nKommunerne mødes i netværk og udveksler erfaringer om drift og takster.";
    expect(flow(box)).toBe(box);
    expect(flow("Regionen driver de mest specialiserede tilbud, som ligger i\nAalborg og Hjørring")).toBe(
      "Regionen driver de mest specialiserede tilbud, som ligger i Aalborg og Hjørring",
    );
  });

  it("moves inline links with their words", () => {
    const out = reflow({ text: "Se mere i\nstyringsaftalen her", links: [{ start: 10, end: 25, href: "/s.pdf" }] });
    expect(out.text).toBe("Se mere i styringsaftalen her");
    expect(out.text.slice(out.links[0]!.start, out.links[0]!.end)).toBe("styringsaftalen");
  });
});

describe("lists rebuilt from lines", () => {
  it("splits a paragraph at its bullets; OCR's '=' for a bullet counts when lines repeat it", () => {
    const [intro, list] = bulletsInParagraphs([paragraph("Tilbuddene omfatter:\n= botilbud\n= aktivitetstilbud for\nvoksne\n= aflastning")]);
    expect(intro).toMatchObject({ type: "paragraph", text: "Tilbuddene omfatter:" });
    expect(list).toMatchObject({ type: "list", items: [{ text: "botilbud", marker: "▪" }, { text: "aktivitetstilbud for\nvoksne" }, { text: "aflastning" }] });
  });

  it("leaves a single line that starts with a dash as text", () => {
    const block = paragraph("- og dermed også taksterne\nfor 2019");
    expect(bulletsInParagraphs([block])).toEqual([block]);
  });

  it("mends a list the reader inferred from indents where a sentence only wrapped", () => {
    const list: Block = {
      type: "list",
      ordered: false,
      start: null,
      items: [
        { text: "Samrådet rådgiver om", links: [], level: 0, marker: null },
        { text: "udviklingshæmmede lovovertrædere.", links: [], level: 0, marker: null },
      ],
      box: null,
    };
    expect(mendInferredLists([list])).toEqual([paragraph("Samrådet rådgiver om\nudviklingshæmmede lovovertrædere.")]);
  });
});

describe("template text and OCR junk", () => {
  const page = (blocks: Block[], words: Page["words"] = []): Page => ({
    number: 3,
    method: "ocr",
    methodReason: "",
    text: "",
    rawText: "",
    confidence: 0.9,
    width: 800,
    height: 600,
    blocks,
    furniture: [],
    dropped: [],
    notes: null,
    textLayer: null,
    ocr: null,
    words,
  });

  it("moves prompts and the page number to furniture and drops junk, counting it", () => {
    const body = paragraph("Botilbuddet har 24 pladser.", { x: 50, y: 100, w: 300, h: 12 });
    const word = (text: string, x: number, y: number, h: number, confidence: number) => ({ text, box: { x, y, w: 20, h }, confidence });
    const result = cleanPage(
      page(
        [
          paragraph("Klik for at tilføje tekst", { x: 50, y: 60, w: 200, h: 12 }),
          body,
          paragraph("3", { x: 760, y: 570, w: 6, h: 10 }),
          paragraph("WWWWWWWW", { x: 50, y: 300, w: 100, h: 12 }),
          paragraph("Xq", { x: 400, y: 400, w: 14, h: 4 }),
        ],
        [word("Botilbuddet", 50, 100, 12, 0.95), word("pladser.", 200, 100, 12, 0.95), word("har", 120, 100, 12, 0.95), word("Xq", 400, 400, 4, 0.4)],
      ),
    );
    expect(result.page.blocks).toEqual([body]);
    expect(result.page.furniture).toEqual(["Klik for at tilføje tekst", "3"]);
    expect(result.junk).toBe(2);
  });

  it("keeps the furniture in the order it stood on the page, whichever rule moved it", () => {
    // The page number is moved first (cleanPage), the running header and footer after (moveRunningFurniture).
    const original = { ...page([]), text: "DIGITAL IDENTITY\n\n1 Indledning\n\nDigital Identity ApS, Bakkedraget 1\n\n3/7", furniture: ["sideways"] };
    const moved = { ...original, furniture: ["sideways", "3/7", "DIGITAL IDENTITY", "Digital Identity ApS, Bakkedraget 1", "not on the page"] };
    expect(inPageOrder(original, moved).furniture).toEqual(["sideways", "DIGITAL IDENTITY", "Digital Identity ApS, Bakkedraget 1", "3/7", "not on the page"]);
    const inOrder = { ...original, furniture: ["sideways", "DIGITAL IDENTITY", "3/7"] };
    expect(inPageOrder(original, inOrder)).toBe(inOrder);
  });
});

describe("a deck in a legacy OCR text file", () => {
  const dir = mkdtempSync(join(tmpdir(), "arkiv-structure-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("becomes one titled section per slide, with its running footer set aside", async () => {
    const slide = (title: string, body: string) => ` ${title}\n\n${body}\n\nKKR NORDJYLLAND\n`;
    const file = join(dir, "temadag.txt");
    writeFileSync(
      file,
      [
        slide("Temadag om hjerneskade", "Program for dagen\n\nVelkomst ved formanden for\nDen Administrative Styregruppe"),
        slide("Status på indsatsen", "• Flere borgere har fået et\ntilbud i egen kommune\n• Ventetiden er faldet"),
        slide("Næste skridt", "Arbejdsgruppen afleverer sin\nrapport til KKR i juni."),
      ].join("\n"),
    );
    const { record, markdown } = await extract({ absPath: file, relPath: "temadag.txt" });
    expect(record.layout).toBe("slides");
    expect(record.sections.map((s) => s.title)).toEqual(["Temadag om hjerneskade", "Status på indsatsen", "Næste skridt"]);
    expect(record.sections[1]!.text).toBe("• Flere borgere har fået et tilbud i egen kommune\n• Ventetiden er faldet");
    expect(markdown).toContain("Velkomst ved formanden for Den Administrative Styregruppe");
    expect(markdown).not.toContain("KKR NORDJYLLAND");
    expect(record.metadata.documentType).toBe("Præsentation");
    expect(record.metadata.forums).toEqual(["DAS", "KKR Nordjylland"]);
  });
});
