// The archive as a run uses it: versions only when something changed, unchanged sources not
// decoded again, --check for CI, and output/ published from the head versions.
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { objectId } from "../../src/archive/layout.ts";
import { versionLog } from "../../src/archive/log.ts";
import { Archive } from "../../src/archive/store.ts";
import type { Catalogue } from "../../src/publish/index.ts";
import { loadIndex, type SearchRecord } from "../../src/publish/search.ts";
import { checkBatch, runBatch, type RunOptions } from "../../src/runner/run.ts";
import { createProgress } from "../../src/runner/progress.ts";
import { shared } from "../helpers/shared.ts";

const dir = mkdtempSync(join(tmpdir(), "arkiv-archive-run-"));
const sources = join(dir, "sources");
const options: RunOptions = {
  outDir: join(dir, "output"),
  archiveRoot: join(dir, "archive"),
  concurrency: 2,
  extract: { repair: true, ocr: "auto" },
  progress: createProgress({ quiet: true }),
};

beforeAll(() => {
  mkdirSync(join(sources, "web"), { recursive: true });
  for (const f of ["socialaftale-2021-2022.html", "socialaftale-2023-2024.html", "rammeaftale.html"]) copyFileSync(shared(`corpus/${f}`), join(sources, "web", f));
  copyFileSync(shared("corpus/styringsaftale-uddrag.docx"), join(sources, "styringsaftale-uddrag.docx"));
  copyFileSync(shared("seeds/002_0fc87ad40f5ac71c.txt"), join(sources, "slides-2021-2022.txt"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("runs into the archive", () => {
  it("archives every source as v1 and publishes it", async () => {
    const report = await runBatch([sources], options);
    expect(report.totals).toMatchObject({ files: 5, ok: 5, unchanged: 0, failed: 0, newVersions: 5 });
    expect(report.files.every((f) => f.archive?.version === "v1" && f.archive.head === "v1")).toBe(true);
    const archive = await Archive.open(options.archiveRoot!);
    const json = await archive.read(objectId("web-rammeaftale-html"), "document.json");
    expect(readFileSync(join(options.outDir, "documents/web-rammeaftale-html.json"))).toEqual(json);
    expect((await archive.read(objectId("web-rammeaftale-html"), "source/rammeaftale.html"))!).toEqual(readFileSync(join(sources, "web/rammeaftale.html")));
    expect(await checkBatch([sources], options)).toEqual({ stale: [], outputCurrent: true });
  });

  it("adds no version and decodes nothing when run again", async () => {
    const report = await runBatch([sources], options);
    expect(report.totals).toMatchObject({ files: 5, ok: 0, unchanged: 5, newVersions: 0, pages: 0 });
  });

  it("re-processes only a source that changed, into a new version that stores only what changed", async () => {
    appendFileSync(join(sources, "web/socialaftale-2023-2024.html"), "\n<!-- revideret -->\n");
    expect((await checkBatch([sources], options)).stale).toEqual([{ path: "web/socialaftale-2023-2024.html", reason: "source changed" }]);
    const report = await runBatch([sources], options);
    expect(report.totals).toMatchObject({ ok: 1, unchanged: 4, newVersions: 1 });
    const archive = await Archive.open(options.archiveRoot!);
    const inventory = (await archive.inventory(objectId("web-socialaftale-2023-2024-html")))!;
    expect(inventory.head).toBe("v2");
    // The original changed, and with it its digest in document.json and provenance.json; the
    // Markdown is the same and is not stored again.
    const [v1, v2] = versionLog(inventory);
    expect(v1!.changed).toHaveLength(4);
    expect(v2!.changed).toEqual(["document.json", "provenance.json", "source/socialaftale-2023-2024.html"]);
    const v2content = Object.values(inventory.manifest).flat().filter((p) => p.startsWith("v2/"));
    expect(v2content.sort()).toEqual(v2!.changed.map((p) => `v2/content/${p}`).sort());
    expect(await archive.read(objectId("web-socialaftale-2023-2024-html"), "source/socialaftale-2023-2024.html", "v1")).toEqual(
      readFileSync(shared("corpus/socialaftale-2023-2024.html")),
    );
  });

  it("says when output/ no longer matches the archive", async () => {
    rmSync(join(options.outDir, "catalogue.json"));
    expect(await checkBatch([sources], options)).toEqual({ stale: [], outputCurrent: false });
    await runBatch([sources], options);
    expect((await checkBatch([sources], options)).outputCurrent).toBe(true);
  });
});

describe("published output", () => {
  it("lists every year from 2007 to 2024 with the archived documents whose period covers it, and the linked documents not archived", () => {
    const catalogue = JSON.parse(readFileSync(join(options.outDir, "catalogue.json"), "utf8")) as Catalogue;
    expect(catalogue.years.map((y) => y.year)).toEqual(Array.from({ length: 18 }, (_, i) => 2007 + i));
    const year = (y: number) => catalogue.years.find((e) => e.year === y)!;
    expect(year(2021).archived.map((d) => d.id).sort()).toEqual(["slides-2021-2022-txt", "web-socialaftale-2021-2022-html"]);
    expect(year(2024).archived.map((d) => d.id)).toEqual(["web-socialaftale-2023-2024-html"]);
    expect(year(2010).archived).toEqual([]);
    // The 2021-2022 page links Takstbilag 2022 and Udgiftsanalyse 2017, which are not archived here.
    expect(year(2022).known.map((k) => k.title)).toContain("Takstbilag 2022");
    expect(year(2017).known.map((k) => k.title)).toContain("Udgiftsanalyse 2017");
    expect(catalogue.undated.map((d) => d.id).sort()).toEqual(["styringsaftale-uddrag-docx", "web-rammeaftale-html"]);
  });

  it("feeds search one record per section, with ids every engine accepts", () => {
    const lines = readFileSync(join(options.outDir, "search/documents.ndjson"), "utf8").trim().split("\n");
    const records = lines.map((l) => JSON.parse(l) as SearchRecord);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    for (const r of records) {
      expect(r.id).toMatch(/^[a-zA-Z0-9_-]{1,511}$/);
      expect(Object.keys(r)).toEqual(["id", "docId", "section", "title", "documentTitle", "period", "years", "type", "forums", "text", "url"]);
    }
    const slides = records.filter((r) => r.docId === "slides-2021-2022-txt");
    expect(slides.length).toBeGreaterThanOrEqual(5);
    expect(slides.find((r) => /proces/.test(r.title) || /Tidspunkt/.test(r.text))).toBeDefined();
    expect(records.find((r) => r.docId === "web-socialaftale-2021-2022-html")).toMatchObject({ period: "2021-2022", years: [2021, 2022], type: "Socialaftale" });
  });

  it("indexes the sections so that words typed without æ ø å find them", () => {
    const index = loadIndex(readFileSync(join(options.outDir, "search/minisearch.json"), "utf8"));
    const hits = index.search("omradet");
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((h) => /området/i.test(String((h as unknown as { title: string }).title)) || h.terms.includes("omradet"))).toBe(true);
    expect(index.search("faelles").length).toBeGreaterThan(0);
    expect(index.search("Døvblindhed")[0]?.docId).toBe("slides-2021-2022-txt");
  });
});
