// The metadata extractors on documents written for the test, not taken from the corpus: other
// years, other fora, other wordings, text that lost its æ ø å.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { extract } from "../../pipeline/index.ts";
import { findWhens, parseWhen } from "../../pipeline/metadata/dates.ts";
import { forumsIn } from "../../pipeline/metadata/forums.ts";
import { periodInFileName } from "../../pipeline/metadata/period.ts";
import type { DocumentRecord } from "../../src/model/document.ts";

const dir = mkdtempSync(join(tmpdir(), "arkiv-metadata-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function extractText(name: string, content: string): Promise<DocumentRecord> {
  const file = join(dir, name);
  writeFileSync(file, content);
  return (await extract({ absPath: file, relPath: name })).record;
}

describe("Danish time expressions", () => {
  it("reads days, months, ranges, seasons, halves and quarters as precisely as they are written", () => {
    expect(parseWhen("3.-4. oktober 2019", null)?.date).toEqual({ from: "2019-10-03", to: "2019-10-04" });
    expect(parseWhen("Primo", 2019)).toBeNull();
    expect(parseWhen("feb./marts 2018", null)?.date).toEqual({ from: "2018-02", to: "2018-03" });
    expect(parseWhen("Efteråret 2017", null)?.date).toEqual({ from: "2017-09", to: "2017-11" });
    expect(parseWhen("2. halvår 2016", null)?.date).toEqual({ from: "2016-07", to: "2016-12" });
    expect(parseWhen("3. kvartal 2015", null)?.date).toEqual({ from: "2015-07", to: "2015-09" });
    expect(parseWhen("November-januar", 2014)?.date).toEqual({ from: "2014-11", to: "2015-01" });
    expect(parseWhen("31. juni 2020", null)?.date).toBeNull();
    expect(parseWhen("d. 12. maj", 2016)).toMatchObject({ date: { from: "2016-05-12", to: "2016-05-12" }, yearMissing: true });
  });

  it("reads vague and relative dates, weeks, quarters, numeric dates and ranges with 'til', in text that lost its æ ø å", () => {
    const date = (text: string, year: number | null = null) => parseWhen(text, year)?.date ?? null;
    expect(date("primo marts", 2019)).toEqual({ from: "2019-03", to: "2019-03" });
    expect(date("Ultimo 2022")).toEqual({ from: "2022-12", to: "2022-12" });
    expect(date("medio 2021")).toEqual({ from: "2021-06", to: "2021-07" });
    expect(date("uge 12", 2022)).toEqual({ from: "2022-03-21", to: "2022-03-27" });
    expect(date("uge 1 2021")).toEqual({ from: "2021-01-04", to: "2021-01-10" });
    expect(date("Uge 10-12", 2023)).toEqual({ from: "2023-03-06", to: "2023-03-26" });
    expect(date("Q3 2020")).toEqual({ from: "2020-07", to: "2020-09" });
    expect(date("marts til maj 2019")).toEqual({ from: "2019-03", to: "2019-05" });
    expect(date("1. marts til 15. april 2022")).toEqual({ from: "2022-03-01", to: "2022-04-15" });
    expect(date("nov. 2022 - feb. 2023")).toEqual({ from: "2022-11", to: "2023-02" });
    expect(date("Nov.-jan. 2023")).toEqual({ from: "2022-11", to: "2023-01" });
    expect(date("03.11.2017")).toEqual({ from: "2017-11-03", to: "2017-11-03" });
    expect(date("Forar 2018")).toEqual({ from: "2018-03", to: "2018-05" });
    expect(date("2. halvar", 2016)).toEqual({ from: "2016-07", to: "2016-12" });
    expect(parseWhen("2021-2022", null)).toMatchObject({ yearOnly: true, date: { from: "2021", to: "2022" } });
    // Spans of quarters and their abbreviation, ISO dates, days and months in figures after "d.",
    // doubled qualifiers, weekday and bound words before a cell's date, a week a scan read as "luge".
    expect(date("1.-2. kvartal 2024")).toEqual({ from: "2024-01", to: "2024-06" });
    expect(date("2. kvt. 2024")).toEqual({ from: "2024-04", to: "2024-06" });
    expect(date("2024-03-15")).toEqual({ from: "2024-03-15", to: "2024-03-15" });
    expect(date("d. 15.3.", 2024)).toEqual({ from: "2024-03-15", to: "2024-03-15" });
    expect(date("d. 5/3", 2021)).toEqual({ from: "2021-03-05", to: "2021-03-05" });
    expect(date("primo-medio juni", 2024)).toEqual({ from: "2024-06", to: "2024-06" });
    expect(date("Torsdag d. 4. maj", 2023)).toEqual({ from: "2023-05-04", to: "2023-05-04" });
    expect(date("Senest 15. oktober", 2019)).toEqual({ from: "2019-10-15", to: "2019-10-15" });
    expect(date("luge 11", 2019)).toEqual({ from: "2019-03-11", to: "2019-03-17" });
    expect(findWhens("DAS: 11. maj og 7. september 2023", null).map((w) => w.text)).toEqual(["11. maj", "7. september 2023"]);
    expect(findWhens("halvdelen (1/2) af pladserne", 2023)).toEqual([]);
  });

  it("finds dates inside running text, each with where it stands", () => {
    const found = findWhens("KKR Nordjylland drøfter i uge 12 udkastet, som sendes i høring medio april.", 2020);
    expect(found.map((w) => [w.text, w.date])).toEqual([
      ["uge 12", { from: "2020-03-16", to: "2020-03-22" }],
      ["medio april", { from: "2020-04", to: "2020-04" }],
    ]);
    expect(findWhens("Socialaftale 2021-2022 bygger på Rammeaftale 2019.", null).every((w) => w.yearOnly)).toBe(true);
  });
});

describe("fora", () => {
  it("finds fora by name, alias and inflection, in text that lost its æ ø å, with one letter wrong in a long name", () => {
    const names = (text: string) => forumsIn(text).map((h) => h.forum.name);
    expect(names("Sagen forelægges Byradene og Regionsradet")).toEqual(["byråd", "regionsråd"]);
    expect(names("Indstillingen sendes til Socia1styrelsen")).toEqual(["Socialstyrelsen"]);
    expect(names("Den Administrative Styregruppe og KKR's formandskab")).toEqual(["DAS", "KKR Nordjylland"]);
    expect(names("Det Socialpolitiske Dialogforum mødes i juni")).toEqual(["Socialpolitisk Dialogforum"]);
    expect(names("FUNKTIONSNEDSÆTTELSE og klasse-kl. 8")).toEqual([]);
  });
});

describe("periods", () => {
  it("reads a period from a file name only when it is one", () => {
    expect(periodInFileName("arkiv/rammeaftale_2015-2016.pdf")).toEqual({ from: 2015, to: 2016 });
    expect(periodInFileName("Styringsaftale2014.pdf")).toEqual({ from: 2014, to: 2014 });
    expect(periodInFileName("scan-2007-2024-oversigt.pdf")).toBeNull();
    expect(periodInFileName("notat-2019.pdf")).toBeNull();
  });

  it("takes the document's own period, not the new one it announces nor the archive it links to", async () => {
    const doc = await extractText(
      "side.html",
      `<html><head><title>Socialaftale</title></head><body><main><h1>Nordjysk Socialaftale</h1>
       <p>Aftalen er gældende for år 2025-2026 og afløser aftalen for 2023-2024.</p>
       <p>Arbejdet med den kommende Socialaftale 2027-2028 begynder i foråret.</p>
       <p>Se arkivet for tidligere aftaler 2007-2024.</p></main></body></html>`,
    );
    expect(doc.metadata.period).toEqual({ from: 2025, to: 2026 });
    expect(doc.metadata.evidence.find((e) => e.field === "period")).toMatchObject({ value: "2025-2026", page: 1, source: "text" });
  });

  it("does not take a period from the file name when the text names another as its own", async () => {
    const doc = await extractText("udviklingsstrategi-2013-2014.txt", "Udviklingsstrategi 2015\n\nStrategien for 2015 bygger på erfaringerne fra de forrige år.\n");
    expect(doc.metadata.period).toEqual({ from: 2015, to: 2015 });
    expect(doc.metadata.documentType).toBe("Udviklingsstrategi");
  });

  it("takes the kind from the letterhead line when the title names the agreement the document is about", async () => {
    const plan = await extractText("procesplan.txt", "N O T A T\n\nProcesplan for Nordjysk Socialaftale 2027-2028\n\nAalborg, 12. januar 2026\n\nDen nye aftale udarbejdes i løbet af året.\n");
    expect(plan.metadata.documentType).toBe("Notat");
    const agenda = await extractText("kkr.txt", "KKR NORDJYLLAND\n\nDagsorden - 25. januar 2019\n\nMøde i KKR Nordjylland kl. 10.00 i Hobro.\n");
    expect(agenda.metadata.documentType).toBe("Dagsorden");
    // A kind at the start of the title still wins: it is what the document is.
    const guide = await extractText("vejledning.txt", "Vejledning til Styringsaftale 2024\n\nVejledningen beskriver taksterne.\n");
    expect(guide.metadata.documentType).toBe("Vejledning");
  });

  it("leaves the period empty when nothing names one", async () => {
    const doc = await extractText("notat.txt", "Notat om takstberegning\n\nTaksterne beregnes efter de fælles principper. Opdateret 2. maj 2016\n");
    expect(doc.metadata.period).toBeNull();
    expect(doc.metadata.documentType).toBe("Notat");
    expect(doc.metadata.updated).toBe("2016-05-02");
  });
});

describe("timelines", () => {
  it("reads a plan table with other headers, and the forum and dates of each row", async () => {
    const doc = await extractText(
      "proces.html",
      `<html><body><main><h1>Styringsaftale 2019</h1><p>Proces for styringsaftalen:</p>
       <table><tr><th>Dato</th><th>Mødeforum</th><th>Aktivitet</th></tr>
       <tr><td>1. halvår 2018</td><td>DAS</td><td>Drøfter udkast til takstprincipper</td></tr>
       <tr><td>Uge 37</td><td>Byrådene</td><td>Godkender aftalen</td></tr>
       <tr><td>15. oktober 2018</td><td></td><td>Frist for godkendelse</td></tr></table></main></body></html>`,
    );
    expect(doc.metadata.timeline.map((t) => [t.when, t.date, t.forum, t.action])).toEqual([
      ["1. halvår 2018", { from: "2018-01", to: "2018-06" }, "DAS", "Drøfter udkast til takstprincipper"],
      ["Uge 37", { from: "2018-09-10", to: "2018-09-16" }, "byråd", "Godkender aftalen"],
      ["15. oktober 2018", { from: "2018-10-15", to: "2018-10-15" }, null, "Frist for godkendelse"],
    ]);
    expect(doc.metadata.documentType).toBe("Styringsaftale");
    expect(doc.metadata.period).toEqual({ from: 2019, to: 2019 });
  });

  it("dates a plan's steps from its lead-in, runs into the next year when the months start again, and marks the years inferred", async () => {
    const doc = await extractText(
      "tidsplan.txt",
      [
        "Tidsplan for Rammeaftale 2016",
        "",
        "Tidsplanen er senest opdateret 4. februar 2015:",
        "",
        " • 12. marts: DAS drøfter udviklingsstrategien",
        " • 1. juni: Udviklingsstrategien godkendes i byrådene og regionsrådet",
        " • Oktober-november: Socialudvalgene behandler styringsaftalen",
        " • 15. januar: Aftalen sendes til Socialstyrelsen",
        "",
      ].join("\n"),
    );
    expect(doc.metadata.timeline.map((t) => [t.when, t.date, t.forum, t.yearInferred])).toEqual([
      ["12. marts", { from: "2015-03-12", to: "2015-03-12" }, "DAS", true],
      ["1. juni", { from: "2015-06-01", to: "2015-06-01" }, "byråd", true],
      ["Oktober-november", { from: "2015-10", to: "2015-11" }, "socialudvalg", true],
      // Sent to Socialstyrelsen: it receives, it does not act.
      ["15. januar", { from: "2016-01-15", to: "2016-01-15" }, null, true],
    ]);
  });

  it("takes a plan's year from the title of a plan document, not from a date in another section or the memo's own", async () => {
    const doc = await extractText(
      "moedeplan.html",
      [
        "<!doctype html><html lang=da><head><meta charset=utf-8><title>Mødeplan 2020 for DAS</title></head><body>",
        "<h1>Mødeplan 2020 for DAS</h1>",
        "<p>Aalborg, 2. december 2019</p>",
        "<h2>1. Indledning</h2>",
        "<p>DAS besluttede den 21. november 2019 at holde fire møder i det nye år.</p>",
        "<h2>2. Møder i foråret</h2>",
        "<p>Møderne i foråret er fastlagt således:</p>",
        "<ul><li>14. januar: DAS drøfter budgetrammen</li><li>3. marts: KKR Nordjylland godkender styringsaftalen</li></ul>",
        "</body></html>",
      ].join("\n"),
    );
    expect(doc.metadata.timeline.map((t) => [t.when, t.date?.from, t.forum, t.yearInferred])).toEqual([
      ["14. januar", "2020-01-14", "DAS", true],
      ["3. marts", "2020-03-03", "KKR Nordjylland", true],
    ]);
  });

  it("does not make a timeline of one dated sentence", async () => {
    const doc = await extractText("nyhed.txt", "Nyhed\n\n3. maj: Dialogforum holdt møde om botilbud.\n\nMødet var godt besøgt.\n");
    expect(doc.metadata.timeline).toEqual([]);
  });
});

describe("attachments, focus areas and vision", () => {
  it("lists numbered attachments and other linked files with title, format and years", async () => {
    const doc = await extractText(
      "bilag.html",
      `<html><body><main><h1>Rammeaftale 2017</h1>
       <p>Læs <a href="/media/1/bilag-1.pdf">"Bilag 1: Takstbilag 2017" (pdf)</a></p>
       <p>Hent <a href="/media/2/kontrakt.docx?v=3">Standardkontrakt for køb af pladser</a></p>
       <p>Se <a href="https://www.youtube.com/watch?v=x">videoen</a> og <a href="/om-os/">om os</a>.</p></main></body></html>`,
    );
    expect(doc.metadata.attachments).toEqual([
      { label: "Bilag 1", title: "Takstbilag 2017", href: "/media/1/bilag-1.pdf", format: "pdf", period: { from: 2017, to: 2017 }, page: 1 },
      { label: null, title: "Standardkontrakt for køb af pladser", href: "/media/2/kontrakt.docx?v=3", format: "docx", period: null, page: 1 },
    ]);
  });

  it("takes quoted titles with a format from text that lost its links", async () => {
    const doc = await extractText("links.txt", 'Bilag\n\nLæs "Bilag 2: Udgiftsanalyse 2014" (xlsx).\n\nLæs "Vejledning til takster" (pdf).\n');
    expect(doc.metadata.attachments.map((a) => [a.label, a.title, a.href, a.format])).toEqual([
      ["Bilag 2", "Udgiftsanalyse 2014", null, "xlsx"],
      [null, "Vejledning til takster", null, "pdf"],
    ]);
  });

  it("finds labelled focus areas and the vision", async () => {
    const doc = await extractText(
      "fokus.txt",
      "Socialaftale 2025-2026\n\nVisionen for aftalen er:\n\n“Borgeren i centrum for et godt liv”\n\n • Fokusområde 1: Unge med psykiske vanskeligheder\n • Fokusområde 2 – Ældre med handicap\n",
    );
    expect(doc.metadata.vision).toBe("Borgeren i centrum for et godt liv");
    expect(doc.metadata.focusAreas).toEqual(["Unge med psykiske vanskeligheder", "Ældre med handicap"]);
    expect(doc.metadata.evidence.filter((e) => e.field === "focusAreas")).toHaveLength(2);
  });

  it("keeps labelled focus areas apart when their lines were joined into one paragraph", async () => {
    const doc = await extractText(
      "fokus-joined.txt",
      "Notat om 2023\n\nFokusområde 1: Borgere med svære spiseforstyrrelser Fokusområde 2: Unge med selvskadende adfærd\n\nArbejdet med fokusområde 2 fortsætter i 2024.\n",
    );
    expect(doc.metadata.focusAreas).toEqual(["Borgere med svære spiseforstyrrelser", "Unge med selvskadende adfærd"]);
  });
});
