import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readText } from "../../pipeline/ingest/text.ts";
import { Page, Warning, type Block } from "../../src/model/document.ts";

const SEEDS = new URL("../../../shared/seeds/", import.meta.url);
const SLIDES_TRUTH = new URL("../../../shared/corpus/truth/slides-2021-2022/", import.meta.url);

/** Seed files are named NNN_hash.txt; find them by prefix so a re-hash does not break the tests. */
function seedBytes(prefix: string): Uint8Array {
  const name = readdirSync(SEEDS).find((file) => file.startsWith(prefix));
  if (!name) throw new Error(`no seed starting with ${prefix}`);
  return new Uint8Array(readFileSync(new URL(name, SEEDS)));
}

function seedText(prefix: string): string {
  return new TextDecoder().decode(seedBytes(prefix)).replace(/\r\n?/g, "\n");
}

const encode = (text: string) => new TextEncoder().encode(text);

/** The words a block holds, in order; bullets are rendering, not text. */
function blockWords(block: Block): string[] {
  switch (block.type) {
    case "heading":
    case "paragraph":
    case "code":
      return words(block.text);
    case "list":
      return block.items.flatMap((item) => words(item.text));
    case "table":
      return block.rows.flat().flatMap(words);
  }
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== "");
}

/** The seed's words with each line's leading bullet marker removed (as the reader does). */
function sourceWords(text: string): string[] {
  return text.split("\n").flatMap((line) => words(line.replace(/^\s*[•▪■➢\-–*=]\s+(?=\S)/u, "")));
}

/** Letters only, æøå damage ignored: "Stærkt" and the OCR's "Steerkt" both keep s, t, r, k, t. */
function letters(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z]/g, "");
}

/** Dice coefficient over letter bigrams: tolerant of the few letters OCR got wrong. */
function similarity(a: string, b: string): number {
  const bigrams = (s: string) => Array.from({ length: Math.max(0, s.length - 1) }, (_, i) => s.slice(i, i + 2));
  const left = bigrams(letters(a));
  const right = bigrams(letters(b));
  const pool = [...right];
  let shared = 0;
  for (const bigram of left) {
    const at = pool.indexOf(bigram);
    if (at >= 0) {
      shared++;
      pool.splice(at, 1);
    }
  }
  return left.length + right.length === 0 ? 0 : (2 * shared) / (left.length + right.length);
}

function firstLine(text: string): string {
  return text.split("\n").find((line) => line.trim() !== "")?.trim() ?? "";
}

describe("readText on seed 002 (7-slide deck OCR'd with the wrong language)", () => {
  const result = readText(seedBytes("002_"));

  it("splits at the leading-space slide titles into 6 pages", () => {
    expect(result.pages.map((page) => page.number)).toEqual([1, 2, 3, 4, 5, 6]);
    const titles = result.pages.map((page) => {
      const first = page.blocks[0];
      return first?.type === "heading" ? first.text : null;
    });
    expect(titles).toEqual([
      "Steerkt samarbejde for borgerens skyld",
      "Hvem er borgerne pa det specialiserede socialomrade?",
      "Hvordan samarbejder vi?",
      "Fokusomrader i Nordjysk Socialaftale 2021-2022",
      "Ny Socialaftale for 2023-2024",
      "Spergsmal og droftelser.......",
    ]);
    for (const page of result.pages) {
      expect(page.methodReason).toBe("plain text file; pages split at leading-space slide titles");
      expect(page.blocks[0]).toMatchObject({ type: "heading", depth: 2 });
    }
    expect(result.title).toBe("Steerkt samarbejde for borgerens skyld");
  });

  it("keeps every word of the file exactly once, in order, unaltered", () => {
    const source = seedText("002_");
    expect(result.pages.flatMap((page) => page.blocks.flatMap(blockWords))).toEqual(sourceWords(source));
  });

  it("gives pages that are contiguous runs of the file's lines", () => {
    // Every non-blank source line shows up in the page texts in order; list items may join a
    // continuation line onto their bullet line, so lines are matched as substrings after a cursor.
    const joined = result.pages.map((page) => page.text).join("\n\n");
    let cursor = 0;
    for (const line of seedText("002_").split("\n")) {
      const content = line.trim().replace(/^[•▪■➢\-–*=]\s+(?=\S)/u, "");
      if (content === "") continue;
      const at = joined.indexOf(content, cursor);
      expect(at, `line ${JSON.stringify(content)} after offset ${cursor}`).toBeGreaterThanOrEqual(0);
      cursor = at + content.length;
    }
  });

  it("starts each page where truth slides 1, 2, 3, 4, 5, 7 start (slide 6 has no evident boundary)", () => {
    const truthFirstLines = [1, 2, 3, 4, 5, 6, 7].map((n) =>
      firstLine(readFileSync(new URL(`page-0${n}.txt`, SLIDES_TRUTH), "utf8")),
    );
    const expected = [1, 2, 3, 4, 5, 7];
    result.pages.forEach((page, i) => {
      const scores = truthFirstLines.map((truth) => similarity(firstLine(page.text), truth));
      const best = scores.indexOf(Math.max(...scores)) + 1;
      expect(best, `page ${page.number} "${firstLine(page.text)}"`).toBe(expected[i]);
      expect(Math.max(...scores)).toBeGreaterThan(0.6);
    });
  });

  it("reads OCR'd ▪ bullets (\"= \") and dashes as lists, other blocks as unreflowed paragraphs", () => {
    const page4 = result.pages[3]!;
    expect(page4.blocks.map((b) => b.type)).toEqual([
      "heading",
      "paragraph",
      "list",
      "paragraph",
      "list",
      "paragraph",
      "paragraph",
      "list",
    ]);
    expect(page4.blocks[2]).toMatchObject({
      type: "list",
      items: [{ text: "Fokusomradet saetter fokus pa initiativer der skal styrke indsatser | socialpsykiatrien.", level: 0 }],
    });
    const page5 = result.pages[4]!;
    const list = page5.blocks.find((b) => b.type === "list");
    expect(list?.type === "list" ? list.items.map((item) => item.text.slice(0, 20)) : []).toEqual([
      "Der udsendes spgrgsm",
      "Det arlige Socialpol",
      "KKR, socialudvalgene",
    ]);
    expect(page5.blocks[2]).toEqual({
      type: "paragraph",
      text: "Det politiske niveau involveres lgbende i regi af KKR\nog de politiske udvalg.",
      links: [],
      box: null,
    });
  });

  it("produces schema-valid pages with the native method and no geometry", () => {
    for (const page of result.pages) {
      expect(() => Page.parse(page)).not.toThrow();
      expect(page).toMatchObject({ method: "native", confidence: null, width: null, height: null, furniture: [] });
      expect(page.rawText).toBe(page.text);
    }
    expect(result).toMatchObject({ encoding: "utf-8", language: null, links: [], warnings: [] });
  });
});

describe("readText on web-page text seeds", () => {
  it.each(["000_", "001_", "004_"])("keeps seed %s as one page", (prefix) => {
    const result = readText(seedBytes(prefix));
    expect(result.pages).toHaveLength(1);
    expect(result.pages[0]!.methodReason).toBe("plain text file; one page: no page breaks evident");
    expect(result.pages[0]!.blocks.some((b) => b.type === "heading")).toBe(false);
    expect(() => Page.parse(result.pages[0])).not.toThrow();
  });

  it("turns seed 001's \" • \" lines into list items", () => {
    const result = readText(seedBytes("001_"));
    const lists = result.pages[0]!.blocks.filter((b) => b.type === "list");
    expect(lists).toHaveLength(2);
    const items = lists.flatMap((b) => (b.type === "list" ? b.items.map((item) => item.text) : []));
    expect(items).toHaveLength(16);
    expect(items[0]).toBe("Overordnet vision: Øget egenmestring");
    expect(items[4]).toBe("9. marts: DAS drøftelse om retning for Nordjysk Socialaftale");
    expect(result.title).toBe("Nordjysk Socialaftale 2021-2022");
  });
});

describe("readText encodings", () => {
  it("decodes windows-1252 bytes and warns that the encoding was guessed", () => {
    const result = readText(new Uint8Array(Buffer.from("Området for døvblinde\n", "latin1")));
    expect(result.encoding).toBe("windows-1252");
    expect(result.pages[0]!.text).toBe("Området for døvblinde");
    expect(result.warnings).toEqual([expect.objectContaining({ page: null, code: "encoding-guessed" })]);
    expect(() => Warning.parse(result.warnings[0])).not.toThrow();
  });

  it("maps the windows-1252 range 0x80–0x9F (not Latin-1 control codes)", () => {
    const result = readText(Uint8Array.from([0x80, 0x20, 0x93, 0x6a, 0x61, 0x94, 0x20, 0x96, 0x20, 0xe6]));
    expect(result.pages[0]!.text).toBe("€ “ja” – æ");
  });

  it("strips a UTF-8 BOM", () => {
    const result = readText(Uint8Array.from([0xef, 0xbb, 0xbf, ...encode("Området")]));
    expect(result.encoding).toBe("utf-8");
    expect(result.pages[0]!.text).toBe("Området");
    expect(result.title).toBe("Området");
    expect(result.warnings).toEqual([]);
  });

  it("detects UTF-16 LE and BE by their BOM", () => {
    const le = Buffer.from("\ufeffSøren\r\nÅse", "utf16le");
    expect(readText(new Uint8Array(le))).toMatchObject({ encoding: "utf-16le", title: "Søren" });
    expect(readText(new Uint8Array(le)).pages[0]!.text).toBe("Søren\nÅse");
    const be = new Uint8Array(le.length);
    for (let i = 0; i + 1 < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1]!, le[i]!];
    expect(readText(be)).toMatchObject({ encoding: "utf-16be", title: "Søren" });
  });

  it("normalises CRLF and lone CR to LF", () => {
    const result = readText(encode("Første linje\r\nanden linje\r\rNy blok\rsidste"));
    expect(result.pages[0]!.blocks).toEqual([
      { type: "paragraph", text: "Første linje\nanden linje", links: [], box: null },
      { type: "paragraph", text: "Ny blok\nsidste", links: [], box: null },
    ]);
  });
});

describe("readText page breaks", () => {
  it("splits at form feeds and keeps an empty page between two of them", () => {
    const result = readText(encode("Side et\n\f  \n\fSide tre\n\f"));
    expect(result.pages).toHaveLength(3);
    expect(result.pages.map((page) => page.text)).toEqual(["Side et", "", "Side tre"]);
    expect(result.pages[1]!.blocks).toEqual([]);
    expect(result.pages[0]!.methodReason).toBe("plain text file; pages split at form feeds");
  });

  it("never splits on blank lines alone", () => {
    expect(readText(encode("a\n\n\n\n\nb\n\n\n\nc")).pages).toHaveLength(1);
  });

  it("does not take a single leading-space line for a slide pattern", () => {
    const result = readText(encode(" Titel\n\nbrødtekst\n\nmere tekst"));
    expect(result.pages).toHaveLength(1);
    expect(result.pages[0]!.blocks.every((b) => b.type === "paragraph")).toBe(true);
  });

  it("treats a file where most lines start with a space as indented, not as slides", () => {
    const result = readText(encode(" Første\n anden\n\n tredje\n fjerde\n\nfemte"));
    expect(result.pages).toHaveLength(1);
    expect(result.pages[0]!.blocks[0]).toEqual({ type: "paragraph", text: "Første\nanden", links: [], box: null });
  });

  it("does not take bullet items with a leading space for slide titles", () => {
    const result = readText(encode("Indledning\n\n • punkt et\n • punkt to\n • punkt tre\n\nSlut"));
    expect(result.pages).toHaveLength(1);
    expect(result.pages[0]!.blocks[1]).toMatchObject({ type: "list", items: [{ text: "punkt et" }, {}, {}] });
  });

  it("keeps text before the first slide title as a page of its own", () => {
    const result = readText(encode("Forside\n Første dias\n\ntekst\n Andet dias\n\nmere\n\nog mere\n\nslut"));
    expect(result.pages.map((page) => firstLine(page.text))).toEqual(["Forside", "Første dias", "Andet dias"]);
    expect(result.title).toBe("Første dias");
  });
});

describe("readText on junk", () => {
  it("gives one empty page and a no-text warning for a whitespace-only file", () => {
    const result = readText(encode(" \n\t\n\n  "));
    expect(result.pages).toHaveLength(1);
    expect(result.pages[0]!.blocks).toEqual([]);
    expect(result.title).toBeNull();
    expect(result.warnings.map((w) => w.code)).toEqual(["no-text"]);
  });

  it("does not throw on NUL bytes", () => {
    const result = readText(Uint8Array.from([0, 0, 0x41, 0, 0x0a, 0]));
    expect(result.pages[0]!.text).toBe("A");
    expect(result.warnings.map((w) => w.code)).toContain("nul-removed");
    expect(readText(new Uint8Array([0, 0, 0])).warnings.map((w) => w.code)).toContain("no-text");
  });
});
