// The stages in order. Each takes the record as the previous one left it.
import type { DocumentRecord } from "../src/model/document.ts";
import { emit, type Emitted } from "./emit/index.ts";
import { ingest } from "./ingest/index.ts";
import { metadata } from "./metadata/index.ts";
import { ocr } from "./ocr/index.ts";
import { repair } from "./repair/index.ts";
import { structure } from "./structure/index.ts";
import { createServices } from "./services.ts";
import { DEFAULT_EXTRACT_OPTIONS, type ExtractOptions, type Services, type SourceFile, type Stage } from "./types.ts";

export const STAGES: readonly (readonly [string, Stage])[] = [
  ["ocr", ocr],
  ["repair", repair],
  ["structure", structure],
  ["metadata", metadata],
];

/**
 * Runs one source file through every stage and returns the validated record with its renderings.
 * Without `services`, the shared resources (the OCR engine) are made for this one file and closed
 * after it; a batch passes its own so they are made once.
 */
export async function extract(
  source: SourceFile,
  options: ExtractOptions = DEFAULT_EXTRACT_OPTIONS,
  services?: Services,
): Promise<Emitted> {
  const own = services ? null : createServices();
  const ctx = { source, options, services: services ?? own! };
  try {
    let doc: DocumentRecord = await ingest(source, options);
    for (const [, stage] of STAGES) doc = await stage(doc, ctx);
    return emit(doc);
  } finally {
    await own?.close();
  }
}

export type { Emitted } from "./emit/index.ts";
export { createServices } from "./services.ts";
export type { ExtractOptions, Services, SourceFile } from "./types.ts";
