// `arkiv verify` and `arkiv log` on an archive written by `arkiv run`: valid as written, a flipped
// byte in any archived file reported by its OCFL code, and the versions listed with their messages.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arkiv } from "../helpers/cli.ts";
import { shared } from "../helpers/shared.ts";

const dir = mkdtempSync(join(tmpdir(), "arkiv-verify-"));
const archive = join(dir, "archive");
beforeAll(() => {
  const r = arkiv("run", shared("corpus/rammeaftale.html"), shared("corpus/styringsaftale-uddrag.docx"), "--out", join(dir, "output"), "--archive", archive, "-q");
  expect(r.status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function files(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .map((f) => join(root, f))
    .filter((f) => statSync(f).isFile());
}

describe("arkiv verify", () => {
  it("finds the archive valid as written", () => {
    const r = arkiv("verify", "--archive", archive);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/2 object\(s\), 0 error\(s\); valid/);
  });

  it("reports a flipped byte in an archived file, which --fast does not read", () => {
    const copy = join(dir, "flipped");
    cpSync(archive, copy, { recursive: true });
    const original = files(copy).find((f) => f.endsWith("/v1/content/source/rammeaftale.html"))!;
    const bytes = readFileSync(original);
    bytes[100] = bytes[100]! ^ 0x01;
    writeFileSync(original, bytes);
    const r = arkiv("verify", "--archive", copy);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/error E092 urn:arkiv:rammeaftale-html\/v1\/content\/source\/rammeaftale\.html/);
    expect(r.stdout).toMatch(/NOT valid/);
    expect(arkiv("verify", "--archive", copy, "--fast").status).toBe(0);
  });

  it("reports a damaged inventory even with --fast", () => {
    const copy = join(dir, "inventory");
    cpSync(archive, copy, { recursive: true });
    const inventory = files(copy).find((f) => /\/[0-9a-f]{64}\/inventory\.json$/.test(f))!;
    writeFileSync(inventory, readFileSync(inventory, "utf8").replace('"head": "v1"', '"head": "v2"'));
    const r = arkiv("verify", "--archive", copy, "--fast");
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/error E060/);
  });
});

describe("arkiv log", () => {
  it("lists a document's versions with their messages and changed files", () => {
    const r = arkiv("log", "rammeaftale-html", "--archive", archive);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^urn:arkiv:rammeaftale-html \(head v1\)$/m);
    expect(r.stdout).toMatch(/^v1 {2}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ {2}arkiv {2}arkiv [\d.]+: new source$/m);
    expect(r.stdout).toMatch(/changed: document\.json, document\.md, provenance\.json, source\/rammeaftale\.html/);
    expect(arkiv("log", "no-such-document", "--archive", archive).status).toBe(1);
  });
});
