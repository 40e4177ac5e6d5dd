import type { DocumentRecord } from "../../src/model/document.ts";
import { passThrough } from "../passthrough.ts";
import type { ExtractOptions } from "../types.ts";

/** Stage 2: OCR of pages without a trustworthy text layer. Not built yet (issue 3). */
export async function ocr(doc: DocumentRecord, _options: ExtractOptions): Promise<DocumentRecord> {
  const needing = doc.warnings.filter((w) => w.code === "no-text-layer" || w.code === "ocr-text-layer").length;
  return passThrough(
    doc,
    "ocr",
    needing
      ? `OCR is not built yet: ${needing} page(s) that need OCR keep their text layer as found (empty or damaged)`
      : "OCR is not built yet; no page needed it",
  );
}
