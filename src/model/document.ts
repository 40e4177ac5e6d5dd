// The document record: the one source of truth every stage reads and extends.
// Types are inferred from these schemas; the published JSON Schema is generated from them.
import { z } from "zod";

/** A rectangle in page units (PDF points for PDFs, pixels for images), origin top-left. */
export const Box = z
  .object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() })
  .meta({ id: "Box", description: "Rectangle in page units, origin at the top-left corner." });

/** A hyperlink inside a block's text, as UTF-16 offsets into `text`. */
export const InlineLink = z
  .object({
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    href: z.string(),
  })
  .meta({ id: "InlineLink" });

const blockBase = {
  box: Box.nullable().describe("Where the block sits on the page, when the source has geometry."),
};

export const HeadingBlock = z
  .object({
    type: z.literal("heading"),
    depth: z.number().int().min(1).max(6),
    text: z.string(),
    links: z.array(InlineLink),
    ...blockBase,
  })
  .meta({ id: "HeadingBlock" });

export const ParagraphBlock = z
  .object({ type: z.literal("paragraph"), text: z.string(), links: z.array(InlineLink), ...blockBase })
  .meta({ id: "ParagraphBlock" });

export const ListItem = z
  .object({
    text: z.string(),
    links: z.array(InlineLink),
    level: z.number().int().nonnegative().describe("Nesting level, 0 for the outermost list."),
    marker: z
      .string()
      .nullable()
      .describe("The bullet or number as the source has it in its text (▪, •, -, 1.); null when it drew the bullet as a graphic."),
  })
  .meta({ id: "ListItem" });

export const ListBlock = z
  .object({
    type: z.literal("list"),
    ordered: z.boolean(),
    start: z.number().int().nullable().describe("First number of an ordered list."),
    items: z.array(ListItem),
    ...blockBase,
  })
  .meta({ id: "ListBlock" });

export const TableBlock = z
  .object({
    type: z.literal("table"),
    header: z.boolean().describe("True when the first row is a header row."),
    rows: z.array(z.array(z.string())),
    ...blockBase,
  })
  .meta({ id: "TableBlock" });

export const CodeBlock = z
  .object({ type: z.literal("code"), text: z.string(), ...blockBase })
  .meta({ id: "CodeBlock", description: "Preformatted text kept verbatim." });

export const Block = z.discriminatedUnion("type", [HeadingBlock, ParagraphBlock, ListBlock, TableBlock, CodeBlock]);

export const PageMethod = z.enum(["text-layer", "ocr", "native"]);

export const Word = z
  .object({
    text: z.string(),
    box: Box,
    confidence: z.number().min(0).max(1),
  })
  .meta({ id: "Word", description: "An OCR word with its box in page units and the engine's confidence." });

export const TextLayer = z
  .object({
    state: z
      .enum(["none", "visible", "invisible"])
      .describe("none: no text on the page; invisible: text drawn in render mode 3 or GlyphLessFont (an earlier OCR run)."),
    text: z.string().describe("The text layer as found in the file."),
    used: z.boolean().describe("Whether the page's text comes from this layer; false when the page was OCR'd instead."),
    score: z
      .object({
        words: z.number().int().nonnegative(),
        lexiconShare: z.number().min(0).max(1).nullable(),
        danishLetters: z.number().int().nonnegative().describe("Count of æ ø å Æ Ø Å."),
        garbageShare: z.number().min(0).max(1),
      })
      .nullable()
      .describe("How the layer was judged before it was trusted or replaced."),
  })
  .meta({ id: "TextLayer", description: "A PDF page's own text layer, kept as evidence whether or not it was used." });

export const OcrInfo = z
  .object({
    engine: z.string(),
    languages: z.array(z.string()),
    imageOrigin: z.enum(["embedded-image", "rendered", "image-file"]),
    dpi: z.number().nullable(),
    rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]).describe(
      "Clockwise rotation found on the scan and turned back before reading.",
    ),
    orientationConfidence: z.number().min(0).max(1).nullable(),
    skewDeg: z.number(),
    droppedWords: z.number().int().nonnegative().describe("Words set aside as decoration or noise (kept in furniture when readable)."),
  })
  .meta({ id: "OcrInfo" });

export const Page = z
  .object({
    number: z.number().int().positive(),
    method: PageMethod.describe(
      "How the text was obtained: the PDF's text layer, OCR of the page image, or a native format (HTML, Office, text file).",
    ),
    methodReason: z.string().describe("Why this method was chosen for this page."),
    text: z
      .string()
      .describe("The page body after repair and structure: blocks in reading order, separated by blank lines."),
    rawText: z
      .string()
      .describe("The page text as obtained (text layer, OCR or native reader), before repair and before furniture was set aside."),
    confidence: z.number().min(0).max(1).nullable(),
    width: z.number().nullable().describe("Page width in page units, when the source has geometry."),
    height: z.number().nullable(),
    blocks: z.array(Block).describe("The page body in reading order."),
    furniture: z
      .array(z.string())
      .describe("Text removed from the body as page chrome (navigation, banners, footers); kept, not lost."),
    dropped: z
      .array(z.string())
      .describe(
        "Text discarded as noise, as it was read: OCR specks, pictures and rules read as letters, junk blocks. Kept here so nothing is lost silently; its length is the page's count of dropped items.",
      ),
    notes: z.string().nullable().describe("A slide's speaker notes, kept apart from the body; null when the source has none."),
    textLayer: TextLayer.nullable().describe("The PDF page's own text layer; null for other sources."),
    ocr: OcrInfo.nullable().describe("How the page was OCR'd; null when it was not."),
    words: z.array(Word).describe("OCR words with boxes and confidences; empty when the page was not OCR'd."),
  })
  .meta({ id: "Page" });

export const Link = z
  .object({
    page: z.number().int().positive(),
    text: z.string(),
    href: z.string(),
  })
  .meta({ id: "Link", description: "A hyperlink in the body of the document, in document order." });

export const Repair = z
  .object({
    page: z.number().int().positive(),
    original: z.string(),
    replacement: z.string(),
    offset: z.number().int().nonnegative().describe("UTF-16 offset of the original in the page's rawText."),
    reason: z.string(),
    score: z.number(),
  })
  .meta({ id: "Repair" });

export const YearRange = z.object({ from: z.number().int(), to: z.number().int() });
export const DateRange = z.object({
  from: z.string().describe("ISO date as precise as the source: 2022, 2022-03 or 2022-03-09."),
  to: z.string(),
});

export const TimelineItem = z
  .object({
    when: z.string().describe("The time as the source writes it: \"9. marts\", \"Jan-Marts 2022\", \"Forår 2022\"."),
    date: DateRange.nullable().describe("The time as ISO dates, as precise as the source; null when it cannot be read as a date."),
    forum: z
      .string()
      .nullable()
      .describe(
        "The forum that acts, by its canonical name (KKR Nordjylland, DAS, byråd …): the first the gazetteer finds in a table's Forum cell, or the subject or agent of the step; null when the step names none (a secretariat, a working group) or only one it is sent to.",
      ),
    action: z.string().describe("What is done: the action cell, or the step without its date and without the forum that is its subject."),
    page: z.number().int().positive(),
    yearInferred: z
      .boolean()
      .describe("True when the source gives no year for this step and it was taken from the context (the plan's date, the agreement period)."),
    source: z.enum(["table", "list", "text"]).describe("Where the step was found: a table that is a plan (a time column beside a forum or action column), a list item, or lines and sentences of text."),
  })
  .meta({ id: "TimelineItem" });

export const Attachment = z
  .object({
    label: z.string().nullable().describe("The attachment label, \"Bilag 3\"; null for a linked document that is not a numbered attachment."),
    title: z.string(),
    href: z.string().nullable(),
    format: z.string().nullable().describe("pdf, docx, pptx, xlsx … from the link text or the address."),
    period: YearRange.nullable().describe("The years the title names (\"Takstbilag 2022\" → 2022-2022)."),
    page: z.number().int().positive(),
  })
  .meta({ id: "Attachment" });

export const Evidence = z
  .object({
    field: z.enum(["period", "documentType", "forums", "focusAreas", "vision", "updated", "editor"]),
    value: z.string().describe("The value found, as written into the field (a period as 2021-2022)."),
    page: z.number().int().positive().nullable().describe("The page the text is on; null for the file name or the file's own properties."),
    text: z.string().describe("The text the value came from."),
    source: z.enum(["title", "heading", "text", "table", "link", "filename", "document-info", "format"]),
    confidence: z.number().min(0).max(1),
  })
  .meta({ id: "Evidence", description: "Where one metadata value came from, and how sure the extractor is of it." });

export const Metadata = z
  .object({
    period: YearRange.nullable(),
    documentType: z.string().nullable(),
    forums: z.array(z.string()),
    timeline: z.array(TimelineItem),
    focusAreas: z.array(z.string()),
    vision: z.string().nullable(),
    attachments: z.array(Attachment),
    updated: z.string().nullable().describe("ISO date the source says it was last updated (\"Opdateret 3. november 2017\")."),
    editor: z.string().nullable().describe("The responsible editor the source names (\"Ansvarlig redaktør\")."),
    evidence: z.array(Evidence).describe("One entry per value of period, documentType, forums, focusAreas, vision, updated and editor."),
  })
  .meta({ id: "Metadata", description: "Facts extracted by the metadata stage; null or empty until found." });

export const Layout = z
  .enum(["slides", "pages", "flow"])
  .describe("slides: a slide deck, one page per slide; pages: a paged document; flow: a web page, word-processor or text file without fixed pages.");

export const Section = z
  .object({
    number: z.number().int().positive(),
    title: z.string().nullable().describe("The heading that opens the section; null for text before the first heading."),
    depth: z.number().int().min(1).max(6).nullable(),
    pages: z.object({ from: z.number().int().positive(), to: z.number().int().positive() }),
    period: YearRange.nullable().describe("The agreement period the section's title or text is about, when it names one."),
    text: z.string().describe("The section's body as plain text (the heading excluded)."),
  })
  .meta({ id: "Section" });

export const SourceInfo = z
  .object({
    path: z.string().describe("Path relative to the root it was found under; never absolute."),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    mediaType: z.string(),
    bytes: z.number().int().nonnegative(),
    pages: z.number().int().nonnegative(),
    encoding: z.string().nullable().describe("Character encoding of a text source (HTML, .txt)."),
  })
  .meta({ id: "SourceInfo" });

export const DocumentInfo = z
  .object({
    title: z.string().nullable(),
    author: z.string().nullable(),
    subject: z.string().nullable(),
    keywords: z.string().nullable(),
    creator: z.string().nullable(),
    producer: z.string().nullable(),
    created: z.string().nullable().describe("ISO 8601 date-time, as the source states it."),
    modified: z.string().nullable(),
    language: z.string().nullable(),
  })
  .meta({ id: "DocumentInfo", description: "What the source file says about itself (PDF info, HTML head)." });

export const Warning = z
  .object({ page: z.number().int().positive().nullable(), code: z.string(), message: z.string() })
  .meta({ id: "Warning" });

export const StageRun = z
  .object({
    name: z.string(),
    version: z.string(),
    status: z.enum(["done", "passthrough"]).describe("passthrough: the stage is not built yet and left the record unchanged."),
    settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    note: z.string().nullable(),
  })
  .meta({ id: "StageRun" });

export const DocumentRecord = z
  .object({
    schema: z.literal("arkiv.document/1"),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    title: z.string().nullable(),
    language: z.string().nullable().describe("BCP 47 language of the body text, e.g. da."),
    source: SourceInfo,
    documentInfo: DocumentInfo,
    pages: z.array(Page),
    links: z.array(Link),
    layout: Layout,
    sections: z.array(Section).describe("The document cut at its headings (a deck: one section per slide); built by the structure stage."),
    repairs: z.array(Repair),
    metadata: Metadata,
    warnings: z.array(Warning),
    provenance: z.object({ pipelineVersion: z.string(), stages: z.array(StageRun) }),
  })
  .meta({ id: "DocumentRecord", title: "arkiv document record" });

export type Box = z.infer<typeof Box>;
export type InlineLink = z.infer<typeof InlineLink>;
export type Block = z.infer<typeof Block>;
export type HeadingBlock = z.infer<typeof HeadingBlock>;
export type ParagraphBlock = z.infer<typeof ParagraphBlock>;
export type ListBlock = z.infer<typeof ListBlock>;
export type ListItem = z.infer<typeof ListItem>;
export type TableBlock = z.infer<typeof TableBlock>;
export type Page = z.infer<typeof Page>;
export type PageMethod = z.infer<typeof PageMethod>;
export type Word = z.infer<typeof Word>;
export type TextLayer = z.infer<typeof TextLayer>;
export type OcrInfo = z.infer<typeof OcrInfo>;
export type Link = z.infer<typeof Link>;
export type Repair = z.infer<typeof Repair>;
export type Metadata = z.infer<typeof Metadata>;
export type Evidence = z.infer<typeof Evidence>;
export type TimelineItem = z.infer<typeof TimelineItem>;
export type Attachment = z.infer<typeof Attachment>;
export type Section = z.infer<typeof Section>;
export type Layout = z.infer<typeof Layout>;
export type YearRange = z.infer<typeof YearRange>;
export type SourceInfo = z.infer<typeof SourceInfo>;
export type DocumentInfo = z.infer<typeof DocumentInfo>;
export type Warning = z.infer<typeof Warning>;
export type StageRun = z.infer<typeof StageRun>;
export type DocumentRecord = z.infer<typeof DocumentRecord>;

/** The JSON Schema of the record, generated from the zod schema (draft 2020-12). */
export function documentJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(DocumentRecord, { target: "draft-2020-12"}) as Record<string, unknown>;
}
