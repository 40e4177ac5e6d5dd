// Timelines in the forms the material writes them, on documents written for the test: tables in any
// column order and without a header, bullets and sentences with the date inside, vague dates, the
// year from the heading, and tables that are not plans.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { extract } from "../../pipeline/index.ts";
import type { DocumentRecord } from "../../src/model/document.ts";

const dir = mkdtempSync(join(tmpdir(), "arkiv-timeline-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function extractText(name: string, content: string): Promise<DocumentRecord> {
  const file = join(dir, name);
  writeFileSync(file, content);
  return (await extract({ absPath: file, relPath: name })).record;
}

const page = (body: string) => `<html><head><title>t</title></head><body><main>${body}</main></body></html>`;
const table = (rows: string[][]) => `<table>${rows.map((r, i) => `<tr>${r.map((c) => (i ? `<td>${c}</td>` : `<th>${c}</th>`)).join("")}</tr>`).join("")}</table>`;

describe("timelines from tables", () => {
  it("reads a plan whose columns stand in another order under other header words", async () => {
    const doc = await extractText(
      "aarshjul.html",
      page(`<h1>Årshjul for styringsaftalen 2014</h1>` +
        table([
          ["Hvad", "Hvem", "Hvornår"],
          ["Drøftelse af kapacitet og takster", "Den Administrative Styregruppe", "Primo februar 2013"],
          ["Politisk behandling", "Kommunekontaktrådet Nordjylland", "Uge 16 2013"],
          ["Godkendelse", "Byrådene", "2. halvår 2013"],
        ])),
    );
    expect(doc.metadata.timeline.map((t) => [t.date, t.forum, t.action])).toEqual([
      [{ from: "2013-02", to: "2013-02" }, "DAS", "Drøftelse af kapacitet og takster"],
      [{ from: "2013-04-15", to: "2013-04-21" }, "KKR Nordjylland", "Politisk behandling"],
      [{ from: "2013-07", to: "2013-12" }, "byråd", "Godkendelse"],
    ]);
  });

  it("finds the time column of a table without a header by its dates, and counts on the rows around for a missing year", async () => {
    const doc = await extractText(
      "plan.html",
      page(`<h2>Forløb</h2><table>
        <tr><td>Medio marts 2017</td><td>FU</td><td>Oplæg om fælles indsats for unge</td></tr>
        <tr><td>April</td><td>Socialudvalgene</td><td>Drøfter oplægget</td></tr>
        <tr><td>Januar</td><td>KKR</td><td>Endelig vedtagelse</td></tr></table>`),
    );
    expect(doc.metadata.timeline.map((t) => [t.date?.from, t.forum, t.yearInferred])).toEqual([
      ["2017-03", "FU", false],
      ["2017-04", "socialudvalg", true],
      ["2018-01", "KKR Nordjylland", true],
    ]);
  });

  it("keeps the cell that ran onto a row of its own with the step above", async () => {
    const doc = await extractText(
      "raekke.html",
      page(table([
        ["Dato", "Forum", "Handling"],
        ["3. marts 2016", "DAS", "Drøftelse af udkast til"],
        ["", "", "udviklingsstrategien"],
        ["1. juni 2016", "KKR", "Godkendelse"],
      ])),
    );
    expect(doc.metadata.timeline.map((t) => t.action)).toEqual(["Drøftelse af udkast til udviklingsstrategien", "Godkendelse"]);
  });

  it("gives no steps for tables that are not plans: rates, capacities by month, years of an overview, contacts", async () => {
    const doc = await extractText(
      "ikke-planer.html",
      page(
        table([["Tilbud", "Takst 2014", "Takst 2015"], ["Botilbud A", "1.234", "1.260"], ["Botilbud B", "2.010", "2.050"]]) +
          table([["Måned", "Pladser", "Belægning"], ["Januar", "24", "96 %"], ["Februar", "24", "92 %"], ["Marts", "22", "100 %"]]) +
          table([["År", "Fokusområde"], ["2019", "Borgere med autisme"], ["2020", "Overgang til voksenlivet"]]) +
          table([["Navn", "Kommune", "Telefon"], ["Lene Holm", "Aalborg", "99 31 31 31"], ["Per Vang", "Hjørring", "72 33 33 33"]]),
      ),
    );
    expect(doc.metadata.timeline).toEqual([]);
  });
  it("reads a span from start and end columns, and a date cell that names its weekday", async () => {
    const doc = await extractText(
      "faser.html",
      page(
        `<h1>Tidsplan for udarbejdelse af Socialaftale 2023-2024</h1>` +
          table([
            ["Fase", "Start", "Slut", "Ansvarlig", "Aktivitet"],
            ["1", "1. april", "15. maj", "DAS", "Drøftelse af udkast"],
            ["2", "Torsdag d. 16. maj", "", "KKR Nordjylland", "Godkendelse"],
          ]),
      ),
    );
    expect(doc.metadata.timeline.map((t) => [t.date, t.forum, t.action])).toEqual([
      [{ from: "2022-04-01", to: "2022-05-15" }, "DAS", "Drøftelse af udkast"],
      [{ from: "2022-05-16", to: "2022-05-16" }, "KKR Nordjylland", "Godkendelse"],
    ]);
  });
});

describe("timelines from text", () => {
  it("reads bullets with the date inside the sentence and the year from the slide's heading", async () => {
    const doc = await extractText(
      "proces.html",
      page(`<h1>Proces 2019</h1><ul>
        <li>Den 3. maj behandler DAS udkastet til styringsaftale</li>
        <li>I september sendes udkastet i høring i kommunerne</li>
        <li>Senest 1. oktober godkender byrådene og regionsrådet aftalen</li>
        <li>KKR Nordjylland drøfter i uge 47 den endelige aftale</li></ul>`),
    );
    expect(doc.metadata.timeline.map((t) => [t.date, t.forum, t.action, t.yearInferred, t.source])).toEqual([
      [{ from: "2019-05-03", to: "2019-05-03" }, "DAS", "behandler udkastet til styringsaftale", true, "list"],
      [{ from: "2019-09", to: "2019-09" }, null, "sendes udkastet i høring i kommunerne", true, "list"],
      [{ from: "2019-10-01", to: "2019-10-01" }, "byråd", "godkender aftalen", true, "list"],
      [{ from: "2019-11-18", to: "2019-11-24" }, "KKR Nordjylland", "drøfter den endelige aftale", true, "list"],
    ]);
  });

  it("reads the steps of running sentences, and takes the year before an agreement a plan prepares", async () => {
    const doc = await extractText(
      "tidsplan.txt",
      [
        "Tidsplan for Socialaftale 2023-2024",
        "",
        "Ultimo januar drøfter Kommunaldirektørkredsen de overordnede temaer. Herefter udarbejder",
        "sekretariatet et udkast. I 1. kvartal behandles udkastet i Socialpolitisk Dialogforum, og",
        "i løbet af foråret sendes aftalen til politisk behandling. Aftalen blev godkendt i 2019.",
        "",
      ].join("\n"),
    );
    expect(doc.metadata.timeline.map((t) => [t.when, t.date, t.forum])).toEqual([
      ["Ultimo januar", { from: "2022-01", to: "2022-01" }, "Kommunaldirektørkredsen"],
      ["1. kvartal", { from: "2022-01", to: "2022-03" }, "Socialpolitisk Dialogforum"],
      ["foråret", { from: "2022-03", to: "2022-05" }, null],
    ]);
  });

  it("reads a numbered list of dated steps", async () => {
    const doc = await extractText(
      "nummereret.html",
      page(`<h2>Milepæle i 2011</h2><ol><li>Primo marts: Kick-off i DAS</li><li>Medio juni – høring i kommunerne</li><li>Ultimo oktober: KKR vedtager</li></ol>`),
    );
    expect(doc.metadata.timeline.map((t) => [t.date?.from, t.forum, t.action])).toEqual([
      ["2011-03", "DAS", "Kick-off i DAS"],
      ["2011-06", null, "høring i kommunerne"],
      ["2011-10", "KKR Nordjylland", "vedtager"],
    ]);
  });

  it("leaves out what was already done, and dates a plan under its caption, not by the decisions before it", async () => {
    const doc = await extractText(
      "aarsplan.html",
      page(
        `<h1>Årligt mødeforløb</h1><p>Vejle, 2. december 2015 · Sagsnr. 15/311</p>` +
          `<p>Forløbet bygger på Rammeaftale 2016, som KKR Nordjylland vedtog den 9. oktober 2015. DAS drøftede et første udkast den 19. november 2015 og bad om en kortere plan.</p>` +
          `<p>Forløbet i 2016</p>` +
          table([
            ["Måned", "Møde og emne"],
            ["Februar", "DAS: status på fokusområderne"],
            ["Maj", "Dialogmøder i de enkelte socialudvalg"],
            ["September", "KKR Nordjylland behandler styringsaftalen"],
          ]) +
          `<p>Herefter holder DAS et evalueringsmøde i uge 45. Primo januar 2017 sender sekretariatet en opsamling til FU.</p>` +
          `<p>Vejle, 2. december 2015 – sekretariatet</p>`,
      ),
    );
    expect(doc.metadata.timeline.map((t) => [t.date, t.forum, t.action])).toEqual([
      [{ from: "2016-02", to: "2016-02" }, "DAS", "status på fokusområderne"],
      [{ from: "2016-05", to: "2016-05" }, "socialudvalg", "Dialogmøder i de enkelte socialudvalg"],
      [{ from: "2016-09", to: "2016-09" }, "KKR Nordjylland", "behandler styringsaftalen"],
      [{ from: "2016-11-07", to: "2016-11-13" }, "DAS", "Herefter holder et evalueringsmøde"],
      [{ from: "2017-01", to: "2017-01" }, null, "sender sekretariatet en opsamling til FU"],
    ]);
  });

  it("takes no step from agenda items that name an agreement's years", async () => {
    const doc = await extractText(
      "dagsorden.html",
      page(`<h1>Dagsorden</h1><ol><li>Godkendelse af dagsorden</li><li>Rammeaftale 2015-2016 – status på fokusområderne</li><li>Takster 2015 – orientering</li><li>Eventuelt</li></ol>`),
    );
    expect(doc.metadata.timeline).toEqual([]);
  });

  it("reads a first sentence that opens with its date as a step, not as the document's date", async () => {
    const doc = await extractText(
      "proces.txt",
      "Den 3. maj 2024 behandler KKR Nordjylland udkastet til socialaftalen.\n\n" +
        "Tirsdag den 4. juni 2024 kl. 10-12 drøfter Socialpolitisk Dialogforum udkastet.\n\n" +
        "Herefter skal kommunalbestyrelserne godkende aftalen senest den 15. oktober 2024.\n",
    );
    expect(doc.metadata.timeline.map((t) => [t.date, t.forum, t.action])).toEqual([
      [{ from: "2024-05-03", to: "2024-05-03" }, "KKR Nordjylland", "behandler udkastet til socialaftalen"],
      [{ from: "2024-06-04", to: "2024-06-04" }, "Socialpolitisk Dialogforum", "drøfter udkastet"],
      [{ from: "2024-10-15", to: "2024-10-15" }, "byråd", "Herefter skal godkende aftalen"],
    ]);
  });

  it("reads a forum before its date, dates in figures joined in one sentence, and a calendar's year for all its months", async () => {
    const doc = await extractText(
      "aarsplan-2021.html",
      page(
        `<h1>Årsplan 2021</h1><p>Aalborg, 12. november 2020</p>` +
          `<ul><li>KKR Nordjylland, 14. januar: godkendelse af årsplanen</li><li>DAS (marts) – drøftelse af takstudviklingen</li></ul>` +
          `<p>FU mødes d. 5/10 og d. 7/12, hvor budgettet drøftes. DAS holder møde i uge 9 og igen i uge 24.</p>`,
      ),
    );
    expect(doc.metadata.timeline.map((t) => [t.date, t.forum, t.action])).toEqual([
      [{ from: "2021-01-14", to: "2021-01-14" }, "KKR Nordjylland", "godkendelse af årsplanen"],
      [{ from: "2021-03", to: "2021-03" }, "DAS", "drøftelse af takstudviklingen"],
      [{ from: "2021-10-05", to: "2021-10-05" }, "FU", "mødes, hvor budgettet drøftes"],
      [{ from: "2021-12-07", to: "2021-12-07" }, "FU", "mødes, hvor budgettet drøftes"],
      [{ from: "2021-03-01", to: "2021-03-07" }, "DAS", "holder møde"],
      [{ from: "2021-06-14", to: "2021-06-20" }, "DAS", "holder møde"],
    ]);
  });

  it("dates the lines under a month's heading by it, and a table's time cell after 'Senest'", async () => {
    const doc = await extractText(
      "aarshjul.html",
      page(
        `<h1>Årshjul 2023</h1><h2>Januar</h2><p>DAS: Opfølgning på takster</p><h2>Marts</h2><ul><li>KKR Nordjylland: Temadrøftelse</li><li>FU forbereder budgettet</li></ul>` +
          `<h2>Frister</h2>` +
          table([
            ["Hvornår", "Hvad", "Hvem"],
            ["Uge 17", "Behandling af høringssvar", "DAS"],
            ["Senest 15. oktober", "Aftalen godkendes", "Byråd og regionsråd"],
          ]),
      ),
    );
    expect(doc.metadata.timeline.map((t) => [t.date, t.forum, t.action])).toEqual([
      [{ from: "2023-01", to: "2023-01" }, "DAS", "Opfølgning på takster"],
      [{ from: "2023-03", to: "2023-03" }, "KKR Nordjylland", "Temadrøftelse"],
      [{ from: "2023-03", to: "2023-03" }, "FU", "forbereder budgettet"],
      [{ from: "2023-04-24", to: "2023-04-30" }, "DAS", "Behandling af høringssvar"],
      [{ from: "2023-10-15", to: "2023-10-15" }, "byråd", "Aftalen godkendes"],
    ]);
  });

  it("reads labelled dates, a table's rows read as lines, and a forum's list of meeting days", async () => {
    const labelled = await extractText(
      "frister.txt",
      "Tidsplan for Styringsaftale 2025\n\nFrist for kommunernes indmelding: 1. marts 2024\nForventet behandling i DAS: 12. april 2024\nForventet godkendelse i KKR: 14. juni 2024\n",
    );
    expect(labelled.metadata.timeline.map((t) => [t.date, t.forum, t.action])).toEqual([
      [{ from: "2024-03-01", to: "2024-03-01" }, null, "Frist for kommunernes indmelding"],
      [{ from: "2024-04-12", to: "2024-04-12" }, "DAS", "Forventet behandling i DAS"],
      [{ from: "2024-06-14", to: "2024-06-14" }, "KKR Nordjylland", "Forventet godkendelse i KKR"],
    ]);
    const rows = await extractText(
      "raekker.txt",
      "Tidsplan 2022\n\nTidspunkt Forum Handling\nJanuar 2022 DAS Drøftelse af udviklingsstrategien\nMarts 2022 KKR Nordjylland Godkendelse af strategien\n",
    );
    expect(rows.metadata.timeline.map((t) => [t.date, t.forum, t.action])).toEqual([
      [{ from: "2022-01", to: "2022-01" }, "DAS", "Drøftelse af udviklingsstrategien"],
      [{ from: "2022-03", to: "2022-03" }, "KKR Nordjylland", "Godkendelse af strategien"],
    ]);
    const days = await extractText("moededage.txt", "Mødeplan\n\nDAS: 12. januar og 7. september 2023\nKKR Nordjylland: 3. februar og 16. juni 2023\n");
    expect(days.metadata.timeline.map((t) => [t.date?.from, t.forum])).toEqual([
      ["2023-01-12", "DAS"],
      ["2023-09-07", "DAS"],
      ["2023-02-03", "KKR Nordjylland"],
      ["2023-06-16", "KKR Nordjylland"],
    ]);
  });

  it("reads slide bullets with arrows, doubled qualifiers, days in figures and two fora of one clause", async () => {
    const doc = await extractText(
      "slide.txt",
      "Proces 2024\n\n• Forår 2024 → DAS drøfter rammerne\n• Primo-medio juni: KKR godkender\n• Byråd 1/10-15/10 2024: politisk behandling\n\n" +
        "Tidsplan\n\nKKR 14/6: godkendelse af udkast\n\nEfter høringen, som løber fra 17. juni til 15. august 2024, behandles aftalen i byråd og regionsråd i september 2024. Herefter sender DAS aftalen til Socialstyrelsen i oktober 2024.\n",
    );
    expect(doc.metadata.timeline.map((t) => [t.date, t.forum, t.action])).toEqual([
      [{ from: "2024-03", to: "2024-05" }, "DAS", "drøfter rammerne"],
      [{ from: "2024-06", to: "2024-06" }, "KKR Nordjylland", "godkender"],
      [{ from: "2024-10-01", to: "2024-10-15" }, "byråd", "politisk behandling"],
      [{ from: "2024-06-14", to: "2024-06-14" }, "KKR Nordjylland", "godkendelse af udkast"],
      [{ from: "2024-06-17", to: "2024-08-15" }, null, "Efter høringen, som løber"],
      [{ from: "2024-09", to: "2024-09" }, "byråd", "behandles aftalen i byråd og regionsråd"],
      [{ from: "2024-10", to: "2024-10" }, "DAS", "Herefter sender aftalen til Socialstyrelsen"],
    ]);
  });
});
