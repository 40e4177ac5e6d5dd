import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { extract } from "../../pipeline/index.ts";
import { documentJsonSchema } from "../../src/model/document.ts";
import { PROJECT, shared } from "../helpers/shared.ts";

const published = JSON.parse(readFileSync(`${PROJECT}src/model/document.schema.json`, "utf8")) as object;

describe("published JSON Schema of the record", () => {
  it("is the one generated from the zod schema (run `npm run schema` after changing the model)", () => {
    expect(published).toEqual(documentJsonSchema());
  });

  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(published);
  const sources = [
    "corpus/rammeaftale.pdf",
    "corpus/socialaftale-2021-2022.pdf",
    "corpus/slides-2021-2022-scan.pdf",
    "corpus/slides-2021-2022-legacy.pdf",
    "corpus/rammeaftale.html",
    "corpus/socialaftale-2021-2022.html",
    "corpus/socialaftale-2023-2024.html",
    "truth/002_0fc87ad40f5ac71c.truth.txt",
  ];
  for (const source of sources) {
    it(`validates the JSON record of ${source}`, async () => {
      const { json } = await extract({ absPath: shared(source), relPath: source.split("/").pop()! });
      const ok = validate(JSON.parse(json));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });
  }

  it("rejects a record that breaks the contract", async () => {
    const { json } = await extract({ absPath: shared("corpus/rammeaftale.html"), relPath: "rammeaftale.html" });
    const record = JSON.parse(json) as { pages: { method: string }[] };
    record.pages[0]!.method = "guessed";
    expect(validate(record)).toBe(false);
  });
});
