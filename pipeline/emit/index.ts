import { ArkivError } from "../../src/model/errors.ts";
import { DocumentRecord, Page, type DocumentRecord as Record } from "../../src/model/document.ts";
import { toMarkdown } from "./markdown.ts";

export const EMIT_VERSION = "1.0.0";

export interface Emitted {
  /** The record, validated, as pretty JSON with a final newline. */
  json: string;
  markdown: string;
  record: Record;
}

/**
 * Stage 6: validates the record against the schema and renders it. Both outputs depend only on the
 * record, and the record holds no clock time or absolute path, so the same input gives the same bytes.
 */
export function emit(doc: Record): Emitted {
  const withStage: Record = {
    ...doc,
    provenance: {
      ...doc.provenance,
      stages: [
        ...doc.provenance.stages,
        { name: "emit", version: EMIT_VERSION, status: "done", settings: { markdown: "gfm" }, note: null },
      ],
    },
  };
  // Page by page: parsing copies what it checks, and a 200-page scan's record (every OCR word with
  // its box) parsed in one go is a copy of it all at the end of the document. Each page is parsed,
  // written out and let go; the JSON is the same as stringifying the parsed record whole.
  const { pages, ...rest } = withStage;
  const head = DocumentRecord.safeParse({ ...rest, pages: [] });
  if (!head.success) throw invalid(head.error.issues);
  const pageJson: string[] = [];
  for (const [i, page] of pages.entries()) {
    const p = Page.safeParse(page);
    if (!p.success) throw invalid(p.error.issues.map((issue) => ({ ...issue, path: ["pages", i, ...issue.path] })));
    // Pages sit two levels deep in the record: four spaces.
    pageJson.push(JSON.stringify(p.data, null, 2).replace(/^/gm, "    "));
  }
  // Parsing also puts the keys in schema order, so the JSON's layout never depends on construction order.
  const skeleton = JSON.stringify({ ...head.data, pages: [PAGES] }, null, 2);
  const json = pages.length ? skeleton.replace(`    ${JSON.stringify(PAGES)}`, () => pageJson.join(",\n")) : skeleton;
  const record: Record = { ...head.data, pages };
  return { json: json + "\n", markdown: toMarkdown(record), record };
}

/** Stands for the pages in the record's JSON skeleton until they are put in. */
const PAGES = "\u0000pages\u0000";

function invalid(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ArkivError {
  const first = issues.slice(0, 3).map((i) => `${i.path.map(String).join(".")}: ${i.message}`);
  return new ArkivError("invalid-record", `record fails the schema: ${first.join("; ")}`);
}
