import type { DocumentRecord } from "../../src/model/document.ts";
import { passThrough } from "../passthrough.ts";
import type { StageContext } from "../types.ts";

/** Stage 3: Danish repair of OCR damage (æ ø å, confusions). Not built yet (issue 4). */
export async function repair(doc: DocumentRecord, ctx: StageContext): Promise<DocumentRecord> {
  const note = ctx.options.repair
    ? "Danish repair is not built yet: text equals rawText"
    : "repair turned off (--no-repair): text equals rawText";
  return passThrough(doc, "repair", note, { enabled: ctx.options.repair });
}
