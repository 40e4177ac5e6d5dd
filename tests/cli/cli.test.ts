import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/model/errors.ts";
import type { RunReport } from "../../src/model/job.ts";
import { arkiv } from "../helpers/cli.ts";
import { shared } from "../helpers/shared.ts";

describe("arkiv extract", () => {
  it("prints the record as JSON", () => {
    const r = arkiv("extract", shared("corpus/rammeaftale.html"), "--json");
    expect(r.status).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record.id).toBe("rammeaftale-html");
    expect(record.source).toMatchObject({ path: "rammeaftale.html", mediaType: "text/html", encoding: "windows-1252" });
    expect(r.stdout).not.toContain(shared(""));
  });

  it("prints Markdown with --md", () => {
    const r = arkiv("extract", shared("corpus/socialaftale-2021-2022.pdf"), "--md");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^<!-- page 1 -->\n/);
    expect(r.stdout).toContain("# Nordjysk Socialaftale 2021-2022\n");
    expect(r.stdout).toContain("<!-- page 3 -->");
  });

  it("names the reason a file cannot be read, with exit code 1", () => {
    const r = arkiv("extract", shared("corpus/MANIFEST.json"));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/unsupported-format: application\/json/);
    expect(r.stdout).toBe("");
  });

  it("answers usage mistakes with exit code 2", () => {
    expect(arkiv("extract").status).toBe(2);
    expect(arkiv("frobnicate").status).toBe(2);
    expect(arkiv("run", "--jobs", "0", shared("corpus/rammeaftale.html")).status).toBe(2);
    expect(arkiv("run", "/no/such/folder").status).toBe(2);
    expect(arkiv("--help").status).toBe(0);
  });
});

describe("arkiv run", () => {
  const made: string[] = [];
  const outDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("processes the whole corpus: every file processed or failed with a named reason", () => {
    const out = outDir("arkiv-run-");
    // OCR is off: this is about the batch's bookkeeping; the OCR tests read the scans.
    const r = arkiv("run", shared("corpus"), "--out", join(out, "output"), "--jobs", "2", "--ocr", "off");
    // The corpus holds non-documents (MANIFEST.json, README.md): exit code 1.
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/files, \d+ processed, \d+ unchanged, \d+ failed/);
    const report = JSON.parse(readFileSync(join(out, "output", "run-report.json"), "utf8")) as RunReport;

    const all = listFiles(shared("corpus"));
    expect(report.files.map((f) => f.path).sort()).toEqual(all);
    for (const f of report.files) {
      if (f.outcome === "ok") {
        expect(f.error).toBeNull();
        expect(readdirSync(join(out, "output", "documents"))).toContain(`${f.id}.json`);
        expect(f.archive?.version).toBe("v1");
      } else {
        expect(ERROR_CODES).toContain(f.error?.code);
        expect(f.error?.message.length).toBeGreaterThan(10);
      }
    }
    const byPath = new Map(report.files.map((f) => [f.path, f]));
    for (const ok of ["rammeaftale.pdf", "rammeaftale.html", "socialaftale-2021-2022.pdf", "slides-2021-2022-scan.pdf", "slides-2021-2022-png/page-01.png"]) {
      expect(byPath.get(ok)?.outcome).toBe("ok");
    }
    expect(byPath.get("styringsaftale-uddrag.docx")?.outcome).toBe("ok");
    expect(byPath.get("ny-socialaftale-2023-2024.pptx")?.outcome).toBe("ok");
    // With OCR off, a scan's pages are kept empty and say why.
    expect(byPath.get("slides-2021-2022-scan.pdf")?.warnings.map((w) => w.code)).toContain("ocr-skipped");
    expect(byPath.get("MANIFEST.json")?.error?.code).toBe("unsupported-format");
    expect(report.totals.ok + report.totals.failed).toBe(all.length);
    // The archive sits beside the output folder unless --archive says otherwise.
    expect(readdirSync(join(out, "archive"))).toContain("0=ocfl_1.1");
  });

  it("gives byte-identical Markdown and JSON on a second run", () => {
    const a = outDir("arkiv-a-");
    const b = outDir("arkiv-b-");
    const inputs = [shared("corpus/rammeaftale.pdf"), shared("corpus/socialaftale-2023-2024.html"), shared("seeds")];
    expect(arkiv("run", ...inputs, "--out", join(a, "output"), "--archive", join(a, "archive"), "-q").status).toBe(0);
    expect(arkiv("run", ...inputs, "--out", join(b, "output"), "--archive", join(b, "archive"), "-q", "--jobs", "1").status).toBe(0);
    const files = readdirSync(join(a, "output", "documents")).sort();
    expect(files.length).toBe(2 * 7);
    expect(readdirSync(join(b, "output", "documents")).sort()).toEqual(files);
    for (const f of files) {
      expect(readFileSync(join(b, "output", "documents", f), "utf8"), f).toBe(readFileSync(join(a, "output", "documents", f), "utf8"));
    }
  });
});

function listFiles(root: string, prefix = ""): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true })
    .filter((e) => !e.name.startsWith("."))
    .flatMap((e) => (e.isDirectory() ? listFiles(root, `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}
