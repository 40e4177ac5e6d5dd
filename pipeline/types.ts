import type { DocumentRecord } from "../src/model/document.ts";

/** One source file as the pipeline sees it. */
export interface SourceFile {
  /** Absolute path used to read the file; never written into outputs. */
  readonly absPath: string;
  /** Path relative to the root the file was found under; this is what records show. */
  readonly relPath: string;
}

export interface ExtractOptions {
  /** Run the Danish repair stage (arkiv extract --no-repair turns it off). */
  readonly repair: boolean;
}

export const DEFAULT_EXTRACT_OPTIONS: ExtractOptions = { repair: true };

/** Every stage after ingest: takes the record as the previous stage left it and returns it extended. */
export type Stage = (doc: DocumentRecord, options: ExtractOptions) => Promise<DocumentRecord>;
