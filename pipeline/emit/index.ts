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
  // its box) copied in one go is a memory peak of its own at the end of the document.
  const { pages, ...rest } = withStage;
  const head = DocumentRecord.safeParse({ ...rest, pages: [] });
  if (!head.success) throw invalid(head.error.issues);
  const parsedPages: Record["pages"] = [];
  for (const [i, page] of pages.entries()) {
    const p = Page.safeParse(page);
    if (!p.success) throw invalid(p.error.issues.map((issue) => ({ ...issue, path: ["pages", i, ...issue.path] })));
    parsedPages.push(p.data);
  }
  // Parsing also puts the keys in schema order, so the JSON's layout never depends on construction order.
  const record: Record = { ...head.data, pages: parsedPages };
  return { json: JSON.stringify(record, null, 2) + "\n", markdown: toMarkdown(record), record };
}

function invalid(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ArkivError {
  const first = issues.slice(0, 3).map((i) => `${i.path.map(String).join(".")}: ${i.message}`);
  return new ArkivError("invalid-record", `record fails the schema: ${first.join("; ")}`);
}
