// The archive and the batch under ordinary use, faults and hostile input (issue 15): each case is
// what an archivist, an operator or an attacker did, run through the real `arkiv` command, with
// the outcome a user cares about: the archive verifies, the report names the file and the error,
// nothing outside the output folder is written.
// Revert commits, long ids, and a run that checks the archive it builds on.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { objectId, objectPath } from "../../src/archive/layout.ts";
import { arkiv } from "../helpers/cli.ts";
import { report, rewriteConsistently, run, scratch, verify } from "../helpers/faults.ts";
import { shared } from "../helpers/shared.ts";

describe("1. a revert is committed", () => {
  it("stores a version whose content equals an earlier one (options back to the defaults, a source back to earlier bytes)", () => {
    const s = scratch("revert");
    writeFileSync(join(s.sources, "rammeaftale.html"), readFileSync(shared("corpus/rammeaftale.html")));
    expect(run(s).status).toBe(0);
    expect(run(s, "--no-repair").status).toBe(0);
    const third = run(s);
    expect(third.stderr).toBe("");
    expect(third.status).toBe(0);
    expect(report(s.out).files[0]!.archive).toMatchObject({ version: "v3", head: "v3" });
    // The website shows the defaults' record again: the same bytes as v1's.
    const log = JSON.parse(arkiv("log", "rammeaftale-html", "--archive", s.archive, "--json").stdout) as { versions: { changed: string[] }[] };
    expect(log.versions.map((v) => v.changed)).toEqual([
      ["document.json", "document.md", "provenance.json", "source/rammeaftale.html"],
      expect.arrayContaining(["provenance.json"]),
      expect.arrayContaining(["provenance.json"]),
    ]);

    // The source goes back to earlier bytes: v4 changes it, v5 stores nothing new.
    const original = readFileSync(join(s.sources, "rammeaftale.html"));
    writeFileSync(join(s.sources, "rammeaftale.html"), Buffer.concat([original, Buffer.from("\n<!-- rettet -->\n")]));
    expect(run(s).status).toBe(0);
    writeFileSync(join(s.sources, "rammeaftale.html"), original);
    expect(run(s).status).toBe(0);
    expect(report(s.out).files[0]!.archive).toMatchObject({ version: "v5", head: "v5" });
    expect(verify(s.archive).status).toBe(0);
    expect(arkiv("run", s.sources, "--out", s.out, "--ocr", "off", "--check").status).toBe(0);
  });
});

describe("2. long names and deep paths", () => {
  it("gives a bounded, stable id to a 245-byte file name and to a deep path, and publishes them", () => {
    const s = scratch("long");
    const longName = `${"referat-fra-moede-i-styregruppen-".repeat(8)}x.html`.slice(-245);
    expect(Buffer.byteLength(longName)).toBe(245);
    writeFileSync(join(s.sources, longName), readFileSync(shared("corpus/rammeaftale.html")));
    const deep = join(s.sources, ...Array.from({ length: 30 }, (_, i) => `mappe-${i}-${"d".repeat(20)}`));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, "socialaftale.html"), readFileSync(shared("corpus/socialaftale-2023-2024.html")));

    expect(run(s).status).toBe(0);
    const files = report(s.out).files;
    expect(files.map((f) => f.outcome)).toEqual(["ok", "ok"]);
    for (const f of files) {
      expect(f.id!.length).toBeLessThanOrEqual(120);
      expect(readFileSync(join(s.out, "documents", `${f.id}.json`), "utf8")).toContain(`"id": "${f.id}"`);
    }
    // Stable: the same paths give the same ids in the next run, which finds them current.
    expect(run(s).status).toBe(0);
    expect(report(s.out).files.map((f) => [f.id, f.outcome])).toEqual(files.map((f) => [f.id, "unchanged"]));
    expect(verify(s.archive).status).toBe(0);
  });
});

describe("4. run checks the archive it builds on", () => {
  /** Two documents archived; returns the scratch folder and the object folder of rammeaftale.html. */
  function archived(prefix: string) {
    const s = scratch(prefix);
    writeFileSync(join(s.sources, "rammeaftale.html"), readFileSync(shared("corpus/rammeaftale.html")));
    writeFileSync(join(s.sources, "socialaftale.html"), readFileSync(shared("corpus/socialaftale-2023-2024.html")));
    expect(run(s).status).toBe(0);
    return { s, object: join(s.archive, objectPath(objectId("rammeaftale-html"))) };
  }

  it("writes a deleted or edited content file of the head again from the source, and publishes the true Markdown", () => {
    const { s, object } = archived("damaged-head");
    const published = readFileSync(join(s.out, "documents/rammeaftale-html.md"), "utf8");
    rmSync(join(object, "v1/content/document.json"));
    writeFileSync(join(object, "v1/content/document.md"), "# Redigeret i arkivet\n");
    expect(verify(s.archive).status).toBe(1);
    const r = run(s);
    expect(r.status).toBe(0);
    const file = report(s.out).files.find((f) => f.path === "rammeaftale.html")!;
    expect(file.outcome).toBe("ok");
    expect(file.warnings.find((w) => w.code === "archive-repaired")?.message).toMatch(/v1\/content\/document\.json, v1\/content\/document\.md/);
    expect(file.archive).toMatchObject({ version: null, head: "v1" });
    expect(readFileSync(join(s.out, "documents/rammeaftale-html.md"), "utf8")).toBe(published);
    expect(verify(s.archive).status).toBe(0);
  });

  it("names a truncated inventory and a lost earlier version as archive-damaged, and publishes the other documents", () => {
    const { s, object } = archived("damaged-history");
    const inventory = readFileSync(join(object, "inventory.json"));
    writeFileSync(join(object, "inventory.json"), inventory.subarray(0, inventory.length / 2));
    const r = run(s);
    expect(r.status).toBe(1);
    const rep = report(s.out);
    expect(rep.files.find((f) => f.path === "rammeaftale.html")!.error).toMatchObject({ code: "archive-damaged", message: expect.stringMatching(/does not match its sidecar/) });
    expect(rep.files.find((f) => f.path === "socialaftale.html")!.outcome).toBe("unchanged");
    expect(rep.publish.failed).toEqual([expect.objectContaining({ code: "archive-damaged" })]);
    expect(readdirSync(join(s.out, "documents")).sort()).toEqual(["socialaftale-html.json", "socialaftale-html.md"]);
    expect(r.stderr).toMatch(/not published: .*archive-damaged/);

    // The inventory back; v2 changes the source, then v1's original is lost and the source
    // changes again: v1's bytes are nowhere to be had, and history is not rewritten.
    writeFileSync(join(object, "inventory.json"), inventory);
    const original = readFileSync(shared("corpus/rammeaftale.html"));
    writeFileSync(join(s.sources, "rammeaftale.html"), Buffer.concat([original, Buffer.from("<!-- ny -->")]));
    expect(run(s).status).toBe(0);
    rmSync(join(object, "v1/content/source/rammeaftale.html"));
    writeFileSync(join(s.sources, "rammeaftale.html"), Buffer.concat([original, Buffer.from("<!-- nyere -->")]));
    expect(run(s).status).toBe(1);
    expect(report(s.out).files.find((f) => f.path === "rammeaftale.html")!.error).toMatchObject({
      code: "archive-damaged",
      message: expect.stringMatching(/v1\/content\/source\/rammeaftale\.html is missing/),
    });
    // What is left of the object is not touched, and the damage stays visible to verify.
    expect(verify(s.archive).stdout).toMatch(/v1\/content\/source\/rammeaftale\.html/);
  });

  it("never writes outside the output folder, whatever id an archived record claims", () => {
    const { s, object } = archived("hostile-id");
    const json = readFileSync(join(object, "v1/content/document.json"), "utf8").replace('"id": "rammeaftale-html"', '"id": "../../X"');
    rewriteConsistently(object, "document.json", Buffer.from(json));
    expect(verify(s.archive).status).toBe(0);
    const r = run(s);
    expect(r.status).toBe(1);
    expect(report(s.out).publish.failed).toEqual([expect.objectContaining({ id: "rammeaftale-html", code: "publish-error" })]);
    expect(readdirSync(s.dir).filter((e) => !e.startsWith(".")).sort()).toEqual(["archive", "output", "sources"]);
    expect(existsSync(join(s.out, "..", "..", "X.json"))).toBe(false);
    expect(readdirSync(join(s.out, "documents")).sort()).toEqual(["socialaftale-html.json", "socialaftale-html.md"]);
  });
});
