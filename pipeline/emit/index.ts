import { ArkivError } from "../../src/model/errors.ts";
import { DocumentRecord, type DocumentRecord as Record } from "../../src/model/document.ts";
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
  const parsed = DocumentRecord.safeParse(withStage);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ArkivError("invalid-record", `record fails the schema: ${first.join("; ")}`);
  }
  // Parsing also puts the keys in schema order, so the JSON's layout never depends on construction order.
  const record = parsed.data;
  return { json: JSON.stringify(record, null, 2) + "\n", markdown: toMarkdown(record), record };
}
