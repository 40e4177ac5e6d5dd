// The archive and the batch under ordinary use, faults and hostile input (issue 15): each case is
// what an archivist, an operator or an attacker did, run through the real `arkiv` command, with
// the outcome a user cares about: the archive verifies, the report names the file and the error,
// nothing outside the output folder is written.
// Link schemes that must not reach the website.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pdfWithLink, run, scratch } from "../helpers/faults.ts";

describe("5. dangerous link schemes", () => {
  const UNSAFE = /(?:java|vb)\s*script:|data:/i;

  it("keeps only http, https, mailto and relative links in the record, the Markdown and the catalogue; the text stays", () => {
    const s = scratch("links");
    writeFileSync(
      join(s.sources, "side.html"),
      `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Bilag til Socialaftale 2024</title></head><body>
<h1>Bilag til Socialaftale 2024</h1>
<p>Læs <a href="javascript:alert(document.cookie)">Takstbilag 2024 (PDF)</a> og <a href="https://www.rn.dk/takst-2024.pdf">Takstbilag 2023 (PDF)</a>.</p>
<ul>
<li><a href="JaVa&#9;ScRiPt:alert(1)">Bilag 1: Udviklingsstrategi 2024 (PDF)</a></li>
<li><a href=" vbscript:msgbox(1)">Bilag 2: Styringsaftale 2024 (PDF)</a></li>
<li><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Bilag 3: Kvalitetsstandarder (PDF)</a></li>
<li><a href="bilag/bilag-4.pdf">Bilag 4: Centrale udmeldinger (PDF)</a></li>
<li><a href="mailto:socialaftale@rn.dk">Skriv til sekretariatet</a></li>
</ul></body></html>`,
    );
    expect(run(s).status).toBe(0);
    const json = readFileSync(join(s.out, "documents/side-html.json"), "utf8");
    const markdown = readFileSync(join(s.out, "documents/side-html.md"), "utf8");
    const catalogue = readFileSync(join(s.out, "catalogue.json"), "utf8");
    const search = readFileSync(join(s.out, "search/documents.ndjson"), "utf8");
    for (const text of [json, markdown, catalogue, search]) expect(text).not.toMatch(UNSAFE);
    const record = JSON.parse(json) as { links: { href: string }[]; warnings: { code: string; message: string }[]; metadata: { attachments: { title: string; href: string | null }[] } };
    expect(record.links.map((l) => l.href)).toEqual(["https://www.rn.dk/takst-2024.pdf", "bilag/bilag-4.pdf", "mailto:socialaftale@rn.dk"]);
    expect(record.warnings.filter((w) => w.code === "link-dropped").map((w) => /scheme "(\w+)" was dropped( \(\d times\))?/.exec(w.message)?.slice(1))).toEqual([
      ["javascript", undefined],
      ["javascript", undefined],
      ["vbscript", undefined],
      ["data", undefined],
    ]);
    // The words of a dropped link are still read.
    expect(markdown).toMatch(/Læs Takstbilag 2024 \(PDF\) og \[Takstbilag 2023 \(PDF\)\]\(https:\/\/www\.rn\.dk\/takst-2024\.pdf\)/);
    expect(markdown).toContain("Bilag 2: Styringsaftale 2024 (PDF)");
    expect(record.metadata.attachments.every((a) => a.href === null || !UNSAFE.test(a.href))).toBe(true);
  });

  it("drops a javascript: link annotation of a PDF", () => {
    const s = scratch("pdf-link");
    writeFileSync(join(s.sources, "link.pdf"), pdfWithLink("Se bilag til aftalen", "javascript:app.alert(1)"));
    expect(run(s).status).toBe(0);
    const record = JSON.parse(readFileSync(join(s.out, "documents/link-pdf.json"), "utf8")) as { links: unknown[]; warnings: { code: string; page: number | null }[]; pages: { text: string }[] };
    expect(record.pages[0]!.text).toContain("Se bilag til aftalen");
    expect(record.links).toEqual([]);
    expect(record.warnings.find((w) => w.code === "link-dropped")).toMatchObject({ page: 1 });
    expect(readFileSync(join(s.out, "documents/link-pdf.md"), "utf8")).not.toMatch(UNSAFE);
  });
});
