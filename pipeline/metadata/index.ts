import type { DocumentRecord, Evidence, Metadata, StageRun } from "../../src/model/document.ts";
import type { StageContext } from "../types.ts";
import { extractAttachments } from "./attachments.ts";
import { documentType } from "./doctype.ts";
import { editor, focusAreas, updated, vision } from "./facts.ts";
import { documentForums } from "./forums.ts";
import { documentPeriod, sectionPeriod } from "./period.ts";
import { extractTimeline } from "./timeline/index.ts";
import { textUnits, type EvidenceDraft } from "./types.ts";

export const METADATA_VERSION = "1.5.2";

/**
 * Stage 5: the facts the website and archivists search by, read from the structured body: the
 * agreement period, the document type, the fora, the timeline, focus areas and vision, the
 * documents it links to, and the page's update date and editor. Every value has its evidence (page
 * and text) and a confidence in `metadata.evidence`; a fact the document does not state stays null
 * or empty.
 */
export async function metadata(doc: DocumentRecord, _ctx: StageContext): Promise<DocumentRecord> {
  const units = textUnits(doc);
  const period = documentPeriod(units, doc.source.path);
  const type = documentType(doc, doc.layout === "slides", units);
  const forums = documentForums(units);
  const focus = focusAreas(
    units,
    doc.pages.flatMap((p) => p.blocks.filter((b) => b.type === "table").map((b) => ({ page: p.number, rows: b.type === "table" ? b.rows : [] }))),
  );
  const visionFound = vision(units);
  const updatedFound = updated(units);
  const editorFound = editor(units);
  const evidence: Evidence[] = [
    ...field("period", period.evidence ? [period.evidence] : []),
    ...field("documentType", type.evidence ? [type.evidence] : []),
    ...field("forums", forums.evidence),
    ...field("focusAreas", focus.evidence),
    ...field("vision", visionFound.evidence ? [visionFound.evidence] : []),
    ...field("updated", updatedFound.evidence ? [updatedFound.evidence] : []),
    ...field("editor", editorFound.evidence ? [editorFound.evidence] : []),
  ];
  const found: Metadata = {
    period: period.period,
    documentType: type.type,
    forums: forums.forums,
    timeline: extractTimeline(doc, period.period),
    focusAreas: focus.values,
    vision: visionFound.value,
    attachments: extractAttachments(doc),
    updated: updatedFound.value,
    editor: editorFound.value,
    evidence,
  };
  // A section is about the agreement its title names, else the first its text names.
  const sections = doc.sections.map((section) => {
    const inSection = period.mentions.filter((m) =>
      doc.layout === "slides"
        ? m.unit.page === section.pages.from && m.unit.kind !== "title"
        : m.unit.page >= section.pages.from && m.unit.page <= section.pages.to && (m.unit.heading === section.title || m.unit.text === section.title),
    );
    return { ...section, period: sectionPeriod(section.title, inSection) };
  });
  const run: StageRun = {
    name: "metadata",
    version: METADATA_VERSION,
    status: "done",
    settings: {},
    note: `period ${period.period ? `${period.period.from}-${period.period.to}` : "none"}; ${found.forums.length} forum(s), ${found.timeline.length} timeline step(s), ${found.attachments.length} attachment(s)`,
  };
  return { ...doc, sections, metadata: found, provenance: { ...doc.provenance, stages: [...doc.provenance.stages, run] } };
}

function field(name: Evidence["field"], drafts: readonly EvidenceDraft[]): Evidence[] {
  return drafts.map((d) => ({ field: name, ...d }));
}
