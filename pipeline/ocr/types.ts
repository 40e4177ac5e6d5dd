// Shapes shared by the OCR stage's parts: page images (images.ts), preprocessing (preprocess.ts),
// the tesseract.js engine (engine.ts) and the stage entry (index.ts).

/** One page as pixels: 8-bit grayscale or RGB(A), raw, row-major, no padding. */
export interface PageImage {
  /** 1-based page number in the source. */
  page: number;
  width: number;
  height: number;
  /** 1 (gray), 3 (RGB) or 4 (RGBA). */
  channels: 1 | 3 | 4;
  data: Buffer;
  /** Pixels per inch of this image relative to the page it shows; null when unknown (plain images without density). */
  dpi: number | null;
  /** How the image was obtained, for the page's methodReason. */
  origin: "embedded-image" | "rendered" | "image-file";
  /** Page size in page units (PDF points) when the image shows a PDF page, else null. */
  pageWidth: number | null;
  pageHeight: number | null;
}

/** A grayscale raster, one byte per pixel. */
export interface Gray {
  width: number;
  height: number;
  data: Buffer;
}

/** A recognised word. Box in the pixel coordinates of the image given to the engine. */
export interface OcrWord {
  text: string;
  box: { x: number; y: number; w: number; h: number };
  /** 0..1 */
  confidence: number;
  /** Index of the line (in the engine's own reading order) the word belongs to. */
  line: number;
  /** Index of the engine's block (paragraph region) the word belongs to. */
  block: number;
  /** Baseline y of the word's line, in image pixels, when the engine reports it. */
  baseline: number | null;
}

export interface OcrResult {
  words: OcrWord[];
  /** Mean word confidence, 0..1 (0 when no words). */
  confidence: number;
  /** The engine's plain text, for diagnostics only: the stage builds its text from the words. */
  text: string;
}

export interface Orientation {
  /** Clockwise rotation (0, 90, 180, 270) that was applied to the scan; turn the image back by this much to read it. */
  degrees: 0 | 90 | 180 | 270;
  /** 0..1; how sure the detector is. */
  confidence: number;
  /** osd: tesseract's OSD; confidence: the page read four ways; reading: the page read as it is looked upright. */
  method: "osd" | "confidence" | "reading";
}

/** A page's words placed on the page (page.ts), index for index in two frames. */
export interface PlacedWords {
  /** On the page as scanned, in page units. */
  words: OcrWord[];
  /** The same words levelled: turned by the page's skew, so a line's words share one baseline. */
  levelWords: OcrWord[];
}
