// Where an object lives in the storage root: the OCFL community extension
// 0004-hashed-n-tuple-storage-layout with its defaults (sha256 of the id, three tuples of three
// characters, the full digest as the object's directory), so any OCFL tool finds our objects.
import { createHash } from "node:crypto";

export const LAYOUT_EXTENSION = "0004-hashed-n-tuple-storage-layout";

export const LAYOUT_CONFIG = {
  extensionName: LAYOUT_EXTENSION,
  digestAlgorithm: "sha256",
  tupleSize: 3,
  numberOfTuples: 3,
  shortObjectRoot: false,
} as const;

/** The object's path relative to the storage root, "/"-separated. */
export function objectPath(id: string): string {
  const digest = createHash(LAYOUT_CONFIG.digestAlgorithm).update(id, "utf8").digest("hex");
  const tuples: string[] = [];
  for (let i = 0; i < LAYOUT_CONFIG.numberOfTuples; i++) tuples.push(digest.slice(i * LAYOUT_CONFIG.tupleSize, (i + 1) * LAYOUT_CONFIG.tupleSize));
  return [...tuples, digest].join("/");
}

/** The OCFL object id of a document: a URI, as OCFL recommends, built from the document's stable id. */
export function objectId(documentId: string): string {
  return `urn:arkiv:${documentId}`;
}

export function documentIdOf(objectIdValue: string): string {
  return objectIdValue.replace(/^urn:arkiv:/, "");
}
