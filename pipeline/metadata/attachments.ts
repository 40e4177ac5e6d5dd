// The documents a document links to or names for download: numbered attachments ("Bilag 3:
// Central udmelding …" (pdf)) and the rest of its reading list (Takstbilag 2022 (pdf), a standard
// contract (docx)). From links to files, and from quoted titles with a format in brackets where a
// text file lost the links.
import type { Attachment, DocumentRecord, YearRange } from "../../src/model/document.ts";
import { periodsIn } from "./period.ts";

const FILE_FORMATS = ["pdf", "docx", "doc", "pptx", "ppt", "xlsx", "xls", "odt", "ods", "odp", "rtf", "txt", "csv", "zip"];
const FORMAT_IN_BRACKETS = new RegExp(`\\(([^()]*?\\b(${FILE_FORMATS.join("|")}))\\)`, "i");
const LABEL = /^\s*(bilag)\s*(\d+(?:\.\d+)*[a-z]?)\s*[:.–-]?\s*/iu;
/** A line that is an attachment's label and title, and nothing else: no quotes, no sentence around it. */
const BARE_ATTACHMENT = /^\s*bilag\s*\d+(?:\.\d+)*[a-z]?\s*[:.–-]\s*[^"“„\s][^"“”„]{2,200}$/iu;
/** A quoted title followed by its format, in text that has no link: Læs "Takstbilag 2022" (pdf). */
const QUOTED_TITLE = new RegExp(`["“„]([^"“”„]{3,300})["”]\\s*\\(([^()]*?\\b(?:${FILE_FORMATS.join("|")}))\\)`, "giu");

export function extractAttachments(doc: DocumentRecord): Attachment[] {
  const out: Attachment[] = [];
  const seen = new Set<string>();
  // The same title can name two files ("(pdf)" and "(oplæsningsvenlig, pdf)"): the address, or the whole mention, tells them apart.
  const add = (a: Attachment, mention: string) => {
    const key = a.href ?? mention.replace(/\s+/g, " ").toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push(a);
  };
  for (const page of doc.pages) {
    for (const unit of linkedTexts(page)) {
      for (const link of unit.links) {
        const format = formatOf(link.text, link.href);
        if (!format) continue;
        add(attachment(link.text, link.href, format, page.number), link.text);
      }
      // A list of attachments without links: "Bilag 1: Takstbilag 2025", one a line.
      let at = 0;
      for (const line of unit.text.split("\n")) {
        const start = at;
        at += line.length + 1;
        const m = BARE_ATTACHMENT.exec(line);
        if (!m || unit.links.some((l) => l.start < start + line.length && l.end > start)) continue;
        add(attachment(line.trim(), null, formatOf(line, null), page.number), line);
      }
      for (const m of unit.text.matchAll(QUOTED_TITLE)) {
        // Quoted titles inside a link were taken above with their address.
        if (unit.links.some((l) => m.index >= l.start - 1 && m.index < l.end)) continue;
        add(attachment(m[1]!, null, formatOf(m[0], null), page.number), m[0]);
      }
    }
  }
  return out;
}

interface LinkedText {
  text: string;
  links: { text: string; href: string; start: number; end: number }[];
}

function linkedTexts(page: DocumentRecord["pages"][number]): LinkedText[] {
  const out: LinkedText[] = [];
  const withLinks = (text: string, links: readonly { start: number; end: number; href: string }[]) =>
    out.push({ text, links: links.map((l) => ({ ...l, text: text.slice(l.start, l.end) })) });
  for (const block of page.blocks) {
    if (block.type === "paragraph" || block.type === "heading") withLinks(block.text, block.links);
    else if (block.type === "list") for (const item of block.items) withLinks(item.text, item.links);
    else if (block.type === "table") for (const row of block.rows) for (const cell of row) withLinks(cell, []);
  }
  return out;
}

/** The file format from the link text's brackets ("(oplæsningsvenlig, pdf)") or the address's extension. */
function formatOf(text: string, href: string | null): string | null {
  const bracket = FORMAT_IN_BRACKETS.exec(text);
  if (bracket) return bracket[2]!.toLowerCase();
  if (!href) return null;
  const path = href.split(/[?#]/)[0]!;
  const ext = /\.([a-z0-9]{2,4})$/i.exec(path)?.[1]?.toLowerCase();
  return ext && FILE_FORMATS.includes(ext) ? ext : null;
}

function attachment(rawTitle: string, href: string | null, format: string | null, page: number): Attachment {
  let title = rawTitle
    .replace(FORMAT_IN_BRACKETS, "")
    .replace(/^\s*(?:læs|se|hent)\s+(?:\p{L}+\s*:\s*)?/iu, "")
    .replace(/["“”„]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const label = LABEL.exec(title);
  if (label) title = title.slice(label[0].length).trim() || title;
  const period = periodOfTitle(title);
  return { label: label ? `Bilag ${label[2]}` : null, title, href, format, period, page };
}

/** The years a title names: a period ("2021-2022") or the year after an agreement's or report's name. */
function periodOfTitle(title: string): YearRange | null {
  const unit = { page: 1, kind: "paragraph" as const, text: title, linked: [], heading: null, section: null };
  const named = periodsIn(unit)[0];
  if (named) return named.period;
  const year = /(?<![\d-])((?:19|20)\d\d)(?![\d-])/.exec(title);
  return year ? { from: Number(year[1]), to: Number(year[1]) } : null;
}
