import type { DocumentRecord } from "../../src/model/document.ts";
import { passThrough } from "../passthrough.ts";
import type { StageContext } from "../types.ts";

/** Stage 5: period, document type, forums, timeline, attachments. Not built yet (issue 6). */
export async function metadata(doc: DocumentRecord, _ctx: StageContext): Promise<DocumentRecord> {
  return passThrough(doc, "metadata", "metadata extraction is not built yet: metadata fields are empty");
}
