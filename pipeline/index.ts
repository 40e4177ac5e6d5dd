// The stages in order. Each takes the record as the previous one left it.
import type { DocumentRecord } from "../src/model/document.ts";
import { emit, type Emitted } from "./emit/index.ts";
import { ingest } from "./ingest/index.ts";
import { metadata } from "./metadata/index.ts";
import { ocr } from "./ocr/index.ts";
import { repair } from "./repair/index.ts";
import { structure } from "./structure/index.ts";
import { DEFAULT_EXTRACT_OPTIONS, type ExtractOptions, type SourceFile, type Stage } from "./types.ts";

export const STAGES: readonly (readonly [string, Stage])[] = [
  ["ocr", ocr],
  ["repair", repair],
  ["structure", structure],
  ["metadata", metadata],
];

/** Runs one source file through every stage and returns the validated record with its renderings. */
export async function extract(source: SourceFile, options: ExtractOptions = DEFAULT_EXTRACT_OPTIONS): Promise<Emitted> {
  let doc: DocumentRecord = await ingest(source, options);
  for (const [, stage] of STAGES) doc = await stage(doc, options);
  return emit(doc);
}

export type { Emitted } from "./emit/index.ts";
export type { ExtractOptions, SourceFile } from "./types.ts";
