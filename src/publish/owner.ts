// The output folder belongs to arkiv: publishing rewrites and deletes files in it. A marker file
// says so, and records what the last publish wrote, so a run deletes only files arkiv made and
// knows which documents it could not publish. A folder that is neither empty nor arkiv's is refused.
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { isDocumentId } from "../../pipeline/ingest/id.ts";
import { UsageError } from "../model/errors.ts";
import { writeFileDurably } from "../fs/durable.ts";

export const OUTPUT_MARKER = ".arkiv-output.json";

export interface OutputMarker {
  schema: "arkiv.output/1";
  /** The documents the last publish wrote (documents/<id>.json and .md). */
  published: string[];
  /** The archived documents the last publish could not publish. */
  unpublished: string[];
}

/** Whether `inner` is `outer` or lies inside it. */
export function isWithin(inner: string, outer: string): boolean {
  const rel = relative(resolve(outer), resolve(inner));
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep));
}

/**
 * Checks that `outDir` may be published to, before the run changes anything: it is not the
 * archive, neither holds the other, and it is new, empty, arkiv's (it has the marker), or an
 * output folder an earlier arkiv wrote (a catalogue.json of arkiv's; it is adopted). Returns the
 * last publish's marker (for an adopted folder, the documents found in it).
 */
export async function claimOutput(outDir: string, archiveRoot: string): Promise<OutputMarker> {
  if (isWithin(outDir, archiveRoot) || isWithin(archiveRoot, outDir)) {
    throw new UsageError(`the output folder ${outDir} and the archive ${archiveRoot} must be apart (neither inside the other)`);
  }
  const marker = await readMarker(outDir);
  if (marker) return marker;
  const claimed: OutputMarker = { schema: "arkiv.output/1", published: [], unpublished: [] };
  const entries = existsSync(outDir) ? (await readdir(outDir)).filter((e) => ![".gitkeep", "README.md"].includes(e)) : [];
  if (entries.length && !(await madeByArkiv(outDir))) {
    throw new UsageError(`the output folder ${outDir} holds files arkiv did not make (${entries.slice(0, 3).join(", ")}); give a new or empty folder with --out`);
  }
  if (entries.length) claimed.published = await documentsIn(outDir);
  // Marked before anything is written to it: a run stopped before it publishes leaves a folder
  // the next run knows as its own.
  await mkdir(outDir, { recursive: true });
  await writeMarker(outDir, claimed);
  return claimed;
}

export async function readMarker(outDir: string): Promise<OutputMarker | null> {
  try {
    const marker = JSON.parse(await readFile(join(outDir, OUTPUT_MARKER), "utf8")) as OutputMarker;
    return marker.schema === "arkiv.output/1" && Array.isArray(marker.published) && Array.isArray(marker.unpublished) ? marker : null;
  } catch {
    return null;
  }
}

export async function writeMarker(outDir: string, marker: OutputMarker): Promise<void> {
  await writeFileDurably(join(outDir, OUTPUT_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

/** A folder an arkiv from before the marker published: its catalogue says so. */
async function madeByArkiv(outDir: string): Promise<boolean> {
  try {
    return (JSON.parse(await readFile(join(outDir, "catalogue.json"), "utf8")) as { schema?: string }).schema === "arkiv.catalogue/1";
  } catch {
    return false;
  }
}

/** The documents an adopted folder holds: both files of an id arkiv could have made. */
async function documentsIn(outDir: string): Promise<string[]> {
  const names = await readdir(join(outDir, "documents")).catch(() => [] as string[]);
  const ids = names.filter((n) => n.endsWith(".json")).map((n) => n.slice(0, -5));
  return ids.filter((id) => isDocumentId(id) && names.includes(`${id}.md`)).sort();
}
