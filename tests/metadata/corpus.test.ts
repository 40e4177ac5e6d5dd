// Structure and metadata on the user's sample corpus: every MANIFEST.json entry, the 2021-2022
// deck's timeline table, the 2020 time plan and the attachments of the 2021-2022 web page and its
// legacy text, and the 2023-2024 deck read from PowerPoint and from its scan.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServices, extract, type Emitted, type Services } from "../../pipeline/index.ts";
import type { DocumentRecord } from "../../src/model/document.ts";
import { shared, wordRecall, words } from "../helpers/shared.ts";

interface ManifestEntry {
  file: string;
  kind: string;
  period: { from: number; to: number } | null;
  doc_type: string;
}
const manifest = JSON.parse(readFileSync(shared("corpus/MANIFEST.json"), "utf8")) as { files: ManifestEntry[] };

let services: Services;
const extracted = new Map<string, Promise<Emitted>>();

/** Extracts a shared file once per test file, with its path as an archivist's folder would give it. */
function run(path: string, relPath: string): Promise<Emitted> {
  if (!extracted.has(path)) extracted.set(path, extract({ absPath: shared(path), relPath }, { repair: true, ocr: "auto" }, services));
  return extracted.get(path)!;
}
const corpus = (file: string) => run(`corpus/${file}`, file);
const record = async (file: string): Promise<DocumentRecord> => (await corpus(file)).record;

beforeAll(() => {
  services = createServices();
});
afterAll(async () => {
  await services.close();
});

describe("every MANIFEST.json entry", () => {
  for (const entry of manifest.files) {
    it(`${entry.file}: period ${entry.period ? `${entry.period.from}-${entry.period.to}` : "none"}, type ${entry.doc_type}`, async () => {
      const doc = await record(entry.file);
      expect(doc.metadata.period).toEqual(entry.period);
      expect(doc.metadata.documentType).toBe(entry.doc_type);
      // Every value comes with where it was found.
      if (entry.period) expect(doc.metadata.evidence.some((e) => e.field === "period" && e.value === `${entry.period!.from}-${entry.period!.to}`)).toBe(true);
      expect(doc.metadata.evidence.some((e) => e.field === "documentType" && e.value === entry.doc_type)).toBe(true);
    });
  }
});

describe("slides-2021-2022-scan.pdf", () => {
  const truthTable = JSON.parse(readFileSync(shared("corpus/truth/slides-2021-2022/table.json"), "utf8")) as { rows: string[][]; columns: string[] };

  it("rebuilds the timeline table: 8 rows equal to the truth after repair (word recall ≥ 95%)", async () => {
    const doc = await record("slides-2021-2022-scan.pdf");
    const table = doc.pages[5]!.blocks.find((b) => b.type === "table");
    expect(table?.type).toBe("table");
    if (table?.type !== "table") return;
    expect(words(table.rows[0]!.join(" "))).toEqual(words(truthTable.columns.join(" ")));
    const rows = table.rows.slice(1);
    expect(rows).toHaveLength(8);
    for (const [i, row] of rows.entries()) {
      expect(row).toHaveLength(3);
      expect(wordRecall(truthTable.rows[i]!.join(" "), row.join(" "))).toBeGreaterThanOrEqual(0.95);
    }
    expect(wordRecall(truthTable.rows.flat().join(" "), rows.flat().join(" "))).toBeGreaterThanOrEqual(0.95);
  });

  it("reads the table as a timeline: when, ISO dates, forum and action for each row", async () => {
    const { timeline } = (await record("slides-2021-2022-scan.pdf")).metadata;
    expect(timeline).toHaveLength(8);
    expect(timeline.map((t) => t.date)).toEqual([
      { from: "2022-01", to: "2022-03" },
      { from: "2022-03", to: "2022-03" },
      { from: "2022-03", to: "2022-05" },
      { from: "2022-06", to: "2022-06" },
      { from: "2022-09", to: "2022-10" },
      { from: "2022-11", to: "2022-11" },
      { from: "2022-11", to: "2022-11" },
      { from: "2022-12", to: "2022-12" },
    ]);
    expect(timeline.every((t) => t.source === "table" && t.page === 6 && !t.yearInferred)).toBe(true);
    expect(timeline[1]!.forum).toBe("KKR Nordjylland");
    expect(timeline[7]!.forum).toBeNull();
    for (const [i, item] of timeline.entries()) expect(wordRecall(truthTable.rows[i]![2]!, item.action)).toBeGreaterThanOrEqual(0.9);
  });

  it("gives the deck the period 2021-2022 and the process slide the agreement it prepares, 2023-2024", async () => {
    const doc = await record("slides-2021-2022-scan.pdf");
    expect(doc.metadata.period).toEqual({ from: 2021, to: 2022 });
    const process = doc.sections.find((s) => s.pages.from === 6)!;
    expect(process.title).toMatch(/proces/);
    expect(process.period).toEqual({ from: 2023, to: 2024 });
    expect(doc.sections.find((s) => s.pages.from === 4)!.period).toEqual({ from: 2021, to: 2022 });
  });

  it("is one section per slide, titled as the slide, without the template's text", async () => {
    const { record: doc, markdown } = await corpus("slides-2021-2022-scan.pdf");
    expect(doc.layout).toBe("slides");
    expect(doc.sections).toHaveLength(7);
    for (const section of doc.sections) {
      const truthTitle = readFileSync(shared(`corpus/truth/slides-2021-2022/page-0${section.pages.from}.txt`), "utf8").split("\n")[0]!;
      expect(wordRecall(truthTitle, section.title ?? "")).toBeGreaterThanOrEqual(0.9);
      expect(markdown).toContain(`## ${section.title}`);
    }
    expect(markdown).not.toMatch(/INDSAT EMNE/i);
    expect(markdown).not.toMatch(/SPECIALISEREDE SOCIALOMR/);
    expect(markdown).not.toMatch(/NNNN/);
    expect(doc.pages.flatMap((p) => p.furniture).join("\n")).toMatch(/INDSAT EMNE/);
  });

  it("re-flows the slides' layout line breaks and keeps their lists", async () => {
    const { markdown } = await corpus("slides-2021-2022-scan.pdf");
    expect(markdown).toContain("Kommunerne og regionen samarbejder omkring det specialiserede socialområde");
    expect(markdown).toMatch(/^- Gennem tre laboratorier vil kommunerne og regionen sammen videndele/m);
    expect(markdown).toMatch(/^- Det årlige Socialpolitiske Dialogforum vil levere input til vision/m);
  });

  it("finds the focus areas, the vision and the fora", async () => {
    const { metadata } = await record("slides-2021-2022-scan.pdf");
    expect(metadata.focusAreas).toEqual(["Sammen om en stærk socialpsykiatri", "Den gode alderdom", "Effektive og vidensbaserede løsninger"]);
    expect(metadata.vision).toMatch(/^Kommunerne og regionen vil gennem samarbejde .* individuelle behov$/);
    for (const forum of ["KKR Nordjylland", "DAS", "Socialpolitisk Dialogforum", "Dialogforum", "byråd", "regionsråd", "socialudvalg", "Socialstyrelsen"]) {
      expect(metadata.forums).toContain(forum);
    }
  });
});

describe("the 2020 time plan and the attachments of Nordjysk Socialaftale 2021-2022", () => {
  const plan = [
    ["9. marts", "2020-03-09", "DAS"],
    ["15. april", "2020-04-15", "FU"],
    ["15. maj", "2020-05-15", "FU"],
    ["25. maj", "2020-05-25", "DAS"],
    ["3. juni", "2020-06-03", null],
    ["4. juni", "2020-06-04", null],
    ["19. juni", "2020-06-19", "KKR Nordjylland"],
    ["10. august", "2020-08-10", "FU"],
    ["17. august", "2020-08-17", "DAS"],
    ["4. september", "2020-09-04", "KKR Nordjylland"],
    ["30. november", "2020-11-30", "byråd"],
    // "… fremsendes til Socialstyrelsen": sent to it, so no forum acts (the 2021-22 deck's own table leaves that Forum cell empty).
    ["1. december", "2020-12-01", null],
  ] as const;
  const links = (JSON.parse(readFileSync(shared("corpus/truth/web-links.json"), "utf8")) as { page: string; text: string; href: string }[]).filter(
    (l) => l.page === "socialaftale-2021-2022.html" && /Bilag\s+\d/.test(l.text),
  );
  const sources = [
    ["web page", () => record("socialaftale-2021-2022.html")],
    ["seed 001 (legacy text)", async () => (await run(`seeds/${seedFile("001")}`, "legacy-text/001.txt")).record],
  ] as const;

  for (const [name, load] of sources) {
    it(`${name}: the 12 dated steps with ISO dates in 2020, the year inferred from the plan`, async () => {
      const { timeline } = (await load()).metadata;
      expect(timeline.map((t) => [t.when, t.date?.from, t.forum])).toEqual(plan.map(([when, iso, forum]) => [when, iso, forum]));
      expect(timeline.every((t) => t.yearInferred && t.date?.from === t.date?.to)).toBe(true);
      expect(timeline[0]!.action).toBe("drøftelse om retning for Nordjysk Socialaftale");
    });

    it(`${name}: every "Bilag N" attachment with its title and format`, async () => {
      const doc = await load();
      expect(links).toHaveLength(6);
      for (const link of links) {
        const n = /Bilag\s+(\d+)/.exec(link.text)![1];
        const found = doc.metadata.attachments.find((a) => a.label === `Bilag ${n}`);
        expect(found, `Bilag ${n}`).toBeDefined();
        const title = link.text.replace(/\(pdf\)/, "").replace(/["]/g, "").replace(/Bilag\s+\d+:\s*/, "").replace(/\s+/g, " ").trim();
        expect(found!.title).toBe(title);
        expect(found!.format).toBe("pdf");
        if (name === "web page") expect(found!.href).toBe(link.href);
      }
      const styring = doc.metadata.attachments.find((a) => a.label === "Bilag 5")!;
      expect(styring.period).toEqual({ from: 2022, to: 2022 });
    });
  }
});

describe("ny-socialaftale-2023-2024: the PowerPoint file and its scan", () => {
  it("give the same sections: titles, and the same words in each", async () => {
    const pptx = await record("ny-socialaftale-2023-2024.pptx");
    const scan = await record("ny-socialaftale-2023-2024-scan.pdf");
    expect(scan.sections.map((s) => s.title)).toEqual(pptx.sections.map((s) => s.title));
    expect(pptx.sections).toHaveLength(5);
    for (const [i, section] of pptx.sections.entries()) {
      const other = scan.sections[i]!;
      expect(other.pages).toEqual(section.pages);
      expect(wordRecall(section.text, other.text)).toBeGreaterThanOrEqual(0.95);
      expect(wordRecall(other.text, section.text)).toBeGreaterThanOrEqual(0.95);
    }
  });

  it("agree on the facts: vision, focus areas, fora", async () => {
    const pptx = (await record("ny-socialaftale-2023-2024.pptx")).metadata;
    const scan = (await record("ny-socialaftale-2023-2024-scan.pdf")).metadata;
    expect(pptx.vision).toBe("Egenmestring og meningsfulde fællesskaber");
    expect(scan.vision).toBe(pptx.vision);
    expect(pptx.focusAreas).toEqual(["Sammen om en stærk Socialpsykiatri", "Den gode alderdom", "Effektive og vidensbaserede indsatser"]);
    expect(scan.focusAreas).toEqual(pptx.focusAreas);
    expect(scan.forums).toEqual(pptx.forums);
  });
});

describe("web pages and office files", () => {
  it("rammeaftale.html: updated date and responsible editor from the page, no period", async () => {
    const doc = await record("rammeaftale.html");
    expect(doc.metadata.updated).toBe("2017-11-03");
    expect(doc.metadata.editor).toBe("Randi Rønne");
    expect(doc.metadata.period).toBeNull();
  });

  it("socialaftale-2021-2022.html: focus areas and vision from the labelled list", async () => {
    const { metadata } = await record("socialaftale-2021-2022.html");
    expect(metadata.vision).toBe("Øget egenmestring");
    expect(metadata.focusAreas).toEqual([
      "Den gode alderdom for borgere med et handicap",
      "Flere borgere med behov for hjælp i socialpsykiatrien",
      "Effektive og vidensbaserede løsninger",
    ]);
  });
});

function seedFile(prefix: string): string {
  return readFileSync(shared("corpus/MANIFEST.json"), "utf8").match(new RegExp(`seeds/(${prefix}_[0-9a-f]+\\.txt)`))![1]!;
}
