// The zip container of Office files, read without trusting it: yauzl's own test zips (broken,
// hostile and odd-but-valid) each give a readable archive or a named error, never a crash or a hang.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openZip } from "../../pipeline/ingest/zip.ts";
import { ArkivError } from "../../src/model/errors.ts";
import { shared } from "../helpers/shared.ts";

const ZIPS = shared("testdata/fuzz/yauzl-zips/");

/** Opens the zip and reads every entry: the outcome, as an error code or "ok". */
async function outcome(path: string): Promise<{ code: string; read: number; skipped: string[] }> {
  try {
    const zip = await openZip(readFileSync(path));
    let read = 0;
    for (const name of zip.names) {
      await zip.read(name);
      read++;
    }
    zip.close();
    return { code: "ok", read, skipped: zip.skipped.map((s) => s.reason) };
  } catch (err) {
    expect(err, path).toBeInstanceOf(ArkivError);
    expect((err as ArkivError).message.length).toBeGreaterThan(10);
    return { code: (err as ArkivError).code, read: 0, skipped: [] };
  }
}

describe("openZip", () => {
  it("gives every broken zip of yauzl's tests a named error or a readable archive", async () => {
    const files = readdirSync(`${ZIPS}failure`).sort();
    expect(files.length).toBe(24);
    const results = new Map<string, string>();
    for (const f of files) results.set(f, (await outcome(`${ZIPS}failure/${f}`)).code);
    for (const [f, code] of results) expect(["ok", "corrupt", "encrypted", "too-large"], f).toContain(code);
    const byStart = (start: string) => [...results].filter(([f]) => f.startsWith(start)).map(([, c]) => c);
    expect(byStart("End of central directory")).toEqual(["corrupt", "corrupt"]);
    expect(byStart("invalid code lengths set")).toEqual(["corrupt"]);
    expect(byStart("strong encryption")).toEqual(["encrypted"]);
    // Declares 2 MB of zeros in 1 KB: refused before anything is inflated.
    expect(byStart("not enough bytes in the stream")).toEqual(["too-large"]);
  });

  it("sets entries with unsafe names aside instead of failing the file", async () => {
    for (const f of ["absolute path C xt.zip", "absolute path atxt.zip", "invalid relative path xt.zip"]) {
      const r = await outcome(`${ZIPS}failure/${f}`);
      expect(r.code, f).toBe("ok");
      expect(r.skipped.length, f).toBe(1);
      expect(r.skipped[0], f).toMatch(/absolute path|invalid relative path/);
    }
  });

  it("reads yauzl's odd but valid zips, and names the encrypted one", async () => {
    expect((await outcome(`${ZIPS}success/empty.zip`)).code).toBe("ok");
    expect((await outcome(`${ZIPS}success/sloppy-filenames.zip`)).read).toBe(2);
    expect((await outcome(`${ZIPS}success/traditional-encryption-and-compression.zip`)).code).toBe("encrypted");
  });

  it("opens a real DOCX and reads its parts", async () => {
    const zip = await openZip(readFileSync(shared("corpus/styringsaftale-uddrag.docx")));
    expect(zip.has("[Content_Types].xml")).toBe(true);
    expect(zip.has("word/document.xml")).toBe(true);
    expect((await zip.read("word/document.xml")).toString("utf8")).toContain("<w:document");
    zip.close();
  });
});
