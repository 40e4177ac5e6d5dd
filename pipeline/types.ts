import type { DocumentRecord } from "../src/model/document.ts";
import type { OcrEngine } from "./ocr/engine.ts";

/** One source file as the pipeline sees it. */
export interface SourceFile {
  /** Absolute path used to read the file; never written into outputs. */
  readonly absPath: string;
  /** Path relative to the root it was found under; this is what records show. */
  readonly relPath: string;
}

/** Plain data, so a job carrying it can cross a process boundary. */
export interface ExtractOptions {
  /** Run the Danish repair stage (arkiv extract --no-repair turns it off). */
  readonly repair: boolean;
  /**
   * auto: OCR the pages whose text layer is missing or not trustworthy; force: OCR every page of
   * PDFs and images; off: never OCR (pages without text stay empty, with a warning).
   */
  readonly ocr: "auto" | "force" | "off";
  /** Password of an encrypted PDF (the user password); none tries the empty one. */
  readonly password?: string | null;
  /** Limits that turn a hostile or absurd file into a named error instead of an exhausted machine. */
  readonly limits?: Partial<Limits>;
}

export interface Limits {
  /** Pixels of one image or rendered page (sharp's limitInputPixels, pdf.js's maxImageSize). */
  readonly maxPixels: number;
  /** Pages of one document. */
  readonly maxPages: number;
  /** Entries of a zip package (DOCX, PPTX). */
  readonly maxZipEntries: number;
  /** Bytes a zip package may unpack to, in all. */
  readonly maxZipBytes: number;
  /** Bytes of a source file: it is read into memory whole (decoders need it so). */
  readonly maxSourceBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxPixels: 250_000_000,
  maxPages: 5000,
  maxZipEntries: 10_000,
  maxZipBytes: 1024 * 1024 * 1024,
  maxSourceBytes: 512 * 1024 * 1024,
};

export function limitsOf(options: ExtractOptions): Limits {
  return { ...DEFAULT_LIMITS, ...options.limits };
}

export const DEFAULT_EXTRACT_OPTIONS: ExtractOptions = { repair: true, ocr: "auto" };

/**
 * Expensive shared resources, created once per batch (or per `extract`) and handed to every
 * document: never part of a job, because they cannot be serialised.
 */
export interface Services {
  /** The OCR engine, started on first use. */
  ocrEngine(): Promise<OcrEngine>;
  /** Told after each page a slow stage finishes, so a long scan shows progress before it is done. */
  onPage?(relPath: string, done: number, total: number): void;
  close(): Promise<void>;
}

export interface StageContext {
  readonly source: SourceFile;
  readonly options: ExtractOptions;
  readonly services: Services;
}

/** Every stage after ingest: takes the record as the previous stage left it and returns it extended. */
export type Stage = (doc: DocumentRecord, ctx: StageContext) => Promise<DocumentRecord>;
