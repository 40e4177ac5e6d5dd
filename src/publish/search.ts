// The search feed: one record per section of every archived document, as NDJSON for a search
// engine (ids of letters, digits, "-" and "_" only, which Meilisearch, Typesense and OpenSearch all
// accept) and as a MiniSearch index for the website. The index folds Danish letters the way
// legacy OCR lost them, so "omradet" finds "området" and "faelles" finds "fælles".
import MiniSearch, { type Options } from "minisearch";
import type { DocumentRecord } from "../model/document.ts";

export interface SearchRecord {
  id: string;
  docId: string;
  section: number;
  title: string;
  documentTitle: string | null;
  period: string | null;
  years: number[];
  type: string | null;
  forums: string[];
  text: string;
  url: string;
}

/** æ → ae, ø → o, å and aa → a, accents off, lower case: the same key for the word as written and as OCR'd it. */
export function foldDanish(term: string): string {
  return term
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .replace(/å/g, "a")
    .replace(/aa/g, "a")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "");
}

/** The options the index is built with; load it with `MiniSearch.loadJSON(json, SEARCH_OPTIONS)`. */
export const SEARCH_OPTIONS: Options<SearchRecord> = {
  idField: "id",
  fields: ["title", "documentTitle", "text"],
  storeFields: ["docId", "section", "title", "documentTitle", "period", "type", "url"],
  processTerm: (term) => foldDanish(term),
  searchOptions: { boost: { title: 2 }, prefix: true, fuzzy: 0.1 },
};

export function searchRecords(record: DocumentRecord, url: string): SearchRecord[] {
  const { period, documentType, forums } = record.metadata;
  return record.sections
    .filter((s) => s.text.trim() || s.title)
    .map((s) => {
      const years = yearsOf(s.period ?? period);
      return {
        id: `${record.id}_${s.number}`,
        docId: record.id,
        section: s.number,
        title: s.title ?? record.title ?? record.id,
        documentTitle: record.title,
        period: label(s.period ?? period),
        years,
        type: documentType,
        forums,
        text: s.text,
        url,
      };
    });
}

export function buildIndex(records: readonly SearchRecord[]): string {
  const index = new MiniSearch<SearchRecord>(SEARCH_OPTIONS);
  index.addAll(records);
  return JSON.stringify(index);
}

export function loadIndex(json: string): MiniSearch<SearchRecord> {
  return MiniSearch.loadJSON<SearchRecord>(json, SEARCH_OPTIONS);
}

export function yearsOf(period: { from: number; to: number } | null): number[] {
  if (!period) return [];
  const out: number[] = [];
  for (let y = period.from; y <= period.to; y++) out.push(y);
  return out;
}

function label(period: { from: number; to: number } | null): string | null {
  if (!period) return null;
  return period.from === period.to ? String(period.from) : `${period.from}-${period.to}`;
}
