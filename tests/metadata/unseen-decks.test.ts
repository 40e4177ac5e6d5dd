// Structure and metadata on scanned decks written for the tests (tests/fixtures/decks): other years,
// another template, other table headers, a dated list, labelled focus areas, bare attachment lines.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServices, extract, type Emitted, type Services } from "../../pipeline/index.ts";
import { forumsIn } from "../../pipeline/metadata/forums.ts";
import { PROJECT, wordRecall } from "../helpers/shared.ts";

const fixtures = `${PROJECT}tests/fixtures/decks/`;
let services: Services;
const runs = new Map<string, Promise<Emitted>>();
const deck = (name: string) => {
  if (!runs.has(name)) runs.set(name, extract({ absPath: fixtures + name, relPath: `decks/${name}` }, { repair: true, ocr: "auto" }, services));
  return runs.get(name)!;
};

beforeAll(() => {
  services = createServices();
});
afterAll(async () => {
  await services.close();
});

describe("udvikling-2016-scan.pdf (Rammeaftale era, template with a small footer)", () => {
  const truth = JSON.parse(readFileSync(`${fixtures}truth-udvikling-2016/table.json`, "utf8")) as { columns: string[]; rows: string[][] };

  it("is a presentation of the 2016 strategy, one titled section per slide", async () => {
    const { record } = await deck("udvikling-2016-scan.pdf");
    expect(record.metadata.documentType).toBe("Præsentation");
    expect(record.metadata.period).toEqual({ from: 2016, to: 2016 });
    expect(record.sections.map((s) => s.title)).toEqual([
      "Udviklingsstrategi 2016",
      "Tidsplan for Rammeaftale 2016",
      "Fokusområder i Udviklingsstrategi 2016",
      "Næste skridt",
      "Tak for ordet",
    ]);
  });

  it("sets the template's footer, sidebar and logo aside", async () => {
    const { record, markdown } = await deck("udvikling-2016-scan.pdf");
    expect(markdown).not.toMatch(/RAMMEAFTALE 2016|SOCIAL OG HANDICAP|^REGION$/m);
    expect(record.pages.flatMap((p) => p.furniture).join(" ")).toMatch(/RAMMEAFTALE/);
  });

  it("reads the 'Dato | Hvem | Hvad' table as the timeline, and the next steps written as sentences after it", async () => {
    const { record } = await deck("udvikling-2016-scan.pdf");
    const timeline = record.metadata.timeline.filter((t) => t.source === "table");
    expect(record.metadata.timeline.filter((t) => t.source !== "table").map((t) => [t.date, t.forum, t.yearInferred])).toEqual([
      // "sendes til Socialstyrelsen": sent to it, Socialstyrelsen does not act.
      [{ from: "2015-06-15", to: "2015-06-15" }, null, false],
      [{ from: "2015-06", to: "2015-08" }, null, true],
      [{ from: "2015-08", to: "2015-08" }, "DAS", true],
    ]);
    expect(timeline.map((t) => t.date)).toEqual([
      { from: "2015-01", to: "2015-01" },
      { from: "2015-03", to: "2015-04" },
      { from: "2015-06-01", to: "2015-06-01" },
      { from: "2015-09", to: "2015-11" },
      { from: "2015-10-15", to: "2015-10-15" },
    ]);
    // The row's time and action as written; its forum by the gazetteer's name ("Byråd og regionsråd" → byråd).
    for (const [i, item] of timeline.entries()) {
      const [when, forum, action] = truth.rows[i]!;
      expect(wordRecall(`${when} ${action}`, `${item.when} ${item.action}`)).toBeGreaterThanOrEqual(0.95);
      expect(item.forum).toBe(forumsIn(forum!)[0]?.forum.name ?? null);
    }
    expect(timeline[4]!.forum).toBeNull();
  });

  it("finds the focus areas under their slide, and keeps a wrapped list item whole", async () => {
    const { record, markdown } = await deck("udvikling-2016-scan.pdf");
    expect(record.metadata.focusAreas).toEqual(["Borgere med erhvervet hjerneskade", "Unge med psykiske vanskeligheder", "Kvalitet i botilbud"]);
    expect(markdown).toContain("- Resultaterne drøftes i Den Administrative Styregruppe og i KKR.");
    expect(record.metadata.forums).toEqual(expect.arrayContaining(["DAS", "KKR Nordjylland", "byråd", "regionsråd", "socialudvalg", "Socialstyrelsen"]));
  });
});

describe("socialaftale-2025-2026-scan.pdf (a dated list, labelled focus areas, a page fed sideways)", () => {
  it("has the period, the vision and the three focus areas", async () => {
    const { record } = await deck("socialaftale-2025-2026-scan.pdf");
    expect(record.metadata.period).toEqual({ from: 2025, to: 2026 });
    expect(record.metadata.vision).toBe("Alle borgere skal have et meningsfuldt liv med mest mulig selvbestemmelse");
    expect(record.metadata.focusAreas).toEqual(["Borgere med komplekse behov", "Styrket samarbejde med psykiatrien", "Rekruttering og fastholdelse"]);
  });

  it("reads the sideways process slide's dated list as five steps in 2024, the year from the plan's date", async () => {
    const { record } = await deck("socialaftale-2025-2026-scan.pdf");
    expect(record.pages[2]!.ocr?.rotation).toBe(90);
    expect(record.metadata.timeline.map((t) => [t.when, t.date?.from, t.forum, t.yearInferred])).toEqual([
      ["12. februar", "2024-02-12", "DAS", true],
      ["7. marts", "2024-03-07", "KKR Nordjylland", true],
      ["10. april", "2024-04-10", "Socialpolitisk Dialogforum", true],
      ["22. august", "2024-08-22", "FU", true],
      ["1. oktober", "2024-10-01", "byråd", true],
    ]);
    expect(record.metadata.timeline[4]!.action).toBe("Aftalen godkendes i byrådene og regionsrådet");
  });

  it("lists the attachments the slide names without links", async () => {
    const { record } = await deck("socialaftale-2025-2026-scan.pdf");
    expect(record.metadata.attachments.map((a) => [a.label, a.title, a.href])).toEqual([
      ["Bilag 1", "Takstbilag 2025", null],
      ["Bilag 2", "Central udmelding om borgere med svære spiseforstyrrelser", null],
    ]);
  });
});
