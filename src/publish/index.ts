// output/: what the website and search consume, always rebuilt from the archive's head versions.
//   documents/<id>.json, .md      the head version of every archived document
//   catalogue.json                every year (2007–2024 at least): the archived documents whose period
//                                 covers it, and the documents the web pages link to that are not archived
//   search/documents.ndjson       one record per section, for a search engine
//   search/minisearch.json        a MiniSearch index of the same records (load with SEARCH_OPTIONS)
// Nothing here holds a clock time, so publishing an unchanged archive rewrites nothing.
import { createHash } from "node:crypto";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { digestOf, serializeInventory } from "../archive/inventory.ts";
import { documentIdOf } from "../archive/layout.ts";
import { ArkivError, toArkivError } from "../model/errors.ts";
import { isDocumentId } from "../../pipeline/ingest/id.ts";
import type { Archive } from "../archive/store.ts";
import type { Attachment, DocumentRecord } from "../model/document.ts";
import { writeMarker, type OutputMarker } from "./owner.ts";
import { writeIfChanged } from "./write.ts";
import { buildIndex, searchRecords, yearsOf, type SearchRecord } from "./search.ts";
import { maxOf, minOf, pushAll } from "../lib/arrays.ts";

/** The years the catalogue always lists: the agreement's history. */
export const CATALOGUE_YEARS = { from: 2007, to: 2024 } as const;

export interface CatalogueEntry {
  id: string;
  title: string | null;
  type: string | null;
  period: { from: number; to: number } | null;
  json: string;
  markdown: string;
}

export interface KnownDocument {
  title: string;
  label: string | null;
  href: string;
  format: string | null;
  period: { from: number; to: number } | null;
  /** The archived document (a web page) whose link list names it. */
  listedIn: string;
}

export interface Catalogue {
  schema: "arkiv.catalogue/1";
  /** Digest of the archive's head inventories this catalogue was published from (`arkiv run --check` compares it). */
  archiveState: string;
  years: { year: number; archived: CatalogueEntry[]; known: KnownDocument[] }[];
  /** Archived documents that name no period. */
  undated: CatalogueEntry[];
}

export interface PublishSummary {
  documents: number;
  sections: number;
  written: number;
  /** Archived objects that could not be published (damaged, or an id that cannot be a file name), each named. */
  failed: PublishFailure[];
}

export interface PublishFailure {
  /** The document id, or the object's path in the storage root when its inventory could not be read. */
  id: string;
  code: "archive-damaged" | "publish-error";
  message: string;
}

/**
 * Rebuilds `outDir` from the archive's head versions. Only what the archive vouches for is
 * published: each object's inventory and the two files read must match their digests, and its
 * document id must be one arkiv makes (it becomes a file name). An object that fails is named in
 * `failed` and left out; the others are published.
 */
export async function publish(archive: Archive, outDir: string, previous: OutputMarker): Promise<PublishSummary> {
  const failed: PublishFailure[] = [];
  const records: { record: DocumentRecord; markdown: string }[] = [];
  for (const object of await archive.objects()) {
    if (object.damaged !== null) {
      failed.push({ id: object.path, code: "archive-damaged", message: object.damaged });
      continue;
    }
    const id = documentIdOf(object.id);
    try {
      records.push(await publishable(archive, object.id, id));
    } catch (err) {
      const e = toArkivError(err);
      failed.push({ id, code: e.code === "archive-damaged" ? "archive-damaged" : "publish-error", message: e.message });
    }
  }
  records.sort((a, b) => (a.record.id < b.record.id ? -1 : 1));

  let written = 0;
  const write = async (rel: string, content: string) => {
    if (await writeIfChanged(join(outDir, rel), content)) written++;
  };
  await mkdir(join(outDir, "documents"), { recursive: true });
  await mkdir(join(outDir, "search"), { recursive: true });
  const keep = new Set<string>();
  const search: SearchRecord[] = [];
  for (const { record, markdown } of records) {
    const json = `${JSON.stringify(record, null, 2)}\n`;
    await write(`documents/${record.id}.json`, json);
    await write(`documents/${record.id}.md`, markdown);
    keep.add(`${record.id}.json`).add(`${record.id}.md`);
    pushAll(search, searchRecords(record, `documents/${record.id}.md`));
  }
  // A document no longer archived (or no longer publishable) is no longer published. Only files
  // the last publish wrote are removed: anything else in the folder is not arkiv's to delete.
  for (const id of previous.published) {
    for (const name of [`${id}.json`, `${id}.md`]) if (!keep.has(name)) await rm(join(outDir, "documents", name), { force: true });
  }
  await write("search/documents.ndjson", search.map((r) => JSON.stringify(r)).join("\n") + (search.length ? "\n" : ""));
  await write("search/minisearch.json", `${buildIndex(search)}\n`);
  await write("catalogue.json", `${JSON.stringify(catalogue(records.map((r) => r.record), await archiveState(archive)), null, 2)}\n`);
  await writeMarker(outDir, { schema: "arkiv.output/1", published: records.map((r) => r.record.id), unpublished: failed.map((f) => f.id).sort() });
  return { documents: records.length, sections: search.length, written, failed };
}

/** An archived document's record and Markdown, checked before they are published under its id. */
async function publishable(archive: Archive, objectIdValue: string, id: string): Promise<{ record: DocumentRecord; markdown: string }> {
  if (!isDocumentId(id)) throw new ArkivError("publish-error", `the object id ${JSON.stringify(objectIdValue).slice(0, 200)} does not name a document arkiv makes; not published`);
  const json = await archive.read(objectIdValue, "document.json");
  const markdown = await archive.read(objectIdValue, "document.md");
  if (!json || !markdown) throw new ArkivError("archive-damaged", `${id}: the head version has no ${json ? "document.md" : "document.json"}`);
  let record: DocumentRecord;
  try {
    record = JSON.parse(json.toString("utf8")) as DocumentRecord;
  } catch {
    throw new ArkivError("archive-damaged", `${id}: document.json is not JSON`);
  }
  // The id inside the record names the published files: it must be the object's own.
  if (record?.id !== id) throw new ArkivError("publish-error", `${id}: document.json names another id (${JSON.stringify(record?.id).slice(0, 120)}); not published`);
  return { record, markdown: markdown.toString("utf8") };
}

function catalogue(records: readonly DocumentRecord[], state: string): Catalogue {
  const entry = (r: DocumentRecord): CatalogueEntry => ({
    id: r.id,
    title: r.title,
    type: r.metadata.documentType,
    period: r.metadata.period,
    json: `documents/${r.id}.json`,
    markdown: `documents/${r.id}.md`,
  });
  const known = knownDocuments(records);
  const years = [...records.flatMap((r) => yearsOf(r.metadata.period)), ...known.flatMap((k) => yearsOf(k.period))];
  const from = minOf([CATALOGUE_YEARS.from, ...years]);
  const to = maxOf([CATALOGUE_YEARS.to, ...years]);
  const covers = (p: { from: number; to: number } | null, year: number) => p !== null && p.from <= year && year <= p.to;
  const out: Catalogue["years"] = [];
  for (let year = from; year <= to; year++) {
    out.push({
      year,
      archived: records.filter((r) => covers(r.metadata.period, year)).map(entry),
      known: known.filter((k) => covers(k.period, year)),
    });
  }
  return { schema: "arkiv.catalogue/1", archiveState: state, years: out, undated: records.filter((r) => !r.metadata.period).map(entry) };
}

/**
 * Files the archived documents link to (attachments with an address) that are not themselves in
 * the archive: matched by title or by file name against what is archived.
 */
function knownDocuments(records: readonly DocumentRecord[]): KnownDocument[] {
  const key = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  const archivedTitles = new Set(records.flatMap((r) => (r.title ? [key(r.title)] : [])));
  const archivedFiles = new Set(records.map((r) => key(r.source.path.split("/").pop()!)));
  const seen = new Set<string>();
  const out: KnownDocument[] = [];
  for (const r of records) {
    for (const a of r.metadata.attachments as Attachment[]) {
      if (!a.href || seen.has(a.href)) continue;
      seen.add(a.href);
      const file = key(decodeURIComponent(a.href.split(/[?#]/)[0]!.split("/").pop() ?? ""));
      if (archivedTitles.has(key(a.title)) || archivedFiles.has(file)) continue;
      out.push({ title: a.title, label: a.label, href: a.href, format: a.format, period: a.period, listedIn: r.id });
    }
  }
  return out;
}

/** One digest for the archive as it is: every object's id, head and inventory. */
export async function archiveState(archive: Archive): Promise<string> {
  const lines = (await archive.objects()).map((o) => (o.damaged === null ? `${o.id}\t${o.inventory.head}\t${digestOf(serializeInventory(o.inventory))}` : `${o.path}\tdamaged`)).sort();
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

/** The archive state output/ was last published from, or null. */
export async function publishedState(outDir: string): Promise<string | null> {
  try {
    return (JSON.parse(await readFile(join(outDir, "catalogue.json"), "utf8")) as Catalogue).archiveState;
  } catch {
    return null;
  }
}
