import type { DocumentRecord, StageRun } from "../src/model/document.ts";

/**
 * Records that a stage ran but is not built yet: the record goes on unchanged, and its provenance
 * says so, so nobody mistakes an unbuilt stage's silence for a finding.
 */
export function passThrough(
  doc: DocumentRecord,
  name: string,
  note: string,
  settings: StageRun["settings"] = {},
): DocumentRecord {
  const run: StageRun = { name, version: "0.0.0", status: "passthrough", settings, note };
  return { ...doc, provenance: { ...doc.provenance, stages: [...doc.provenance.stages, run] } };
}
