// Kept apart from the readers so the runner can name a document without loading them.
import { createHash } from "node:crypto";

/**
 * Longest document id. An id names files (`documents/<id>.json` and their temporary names while
 * written, `<id>.json.<pid>.tmp`) and search records (`<id>-<section>`); 120 characters leaves room
 * for every suffix within the 255-byte file-name limit of Linux, macOS and Windows filesystems.
 */
export const MAX_ID_LENGTH = 120;
/** Hex digits of the path's digest that end a shortened id (48 bits: no collision in any real archive). */
const ID_DIGEST_LENGTH = 12;

/** What a document id looks like: lower-case letters and digits in runs joined by single hyphens. */
export const DOCUMENT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A stable id from the relative path, extension included, so rammeaftale.pdf and rammeaftale.html
 * are two documents. Danish letters are spelled out the way Danish URLs do (æ→ae, ø→oe, å→aa),
 * whether the name is stored composed (NFC, as Linux and Windows do) or decomposed (NFD, as macOS
 * does). An id longer than MAX_ID_LENGTH keeps its beginning and ends in a digest of the whole
 * path's id, so it stays stable and two long paths that share a beginning stay two documents.
 */
export function documentId(relPath: string): string {
  const slug = relPath
    .normalize("NFC")
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "oe")
    .replace(/å/g, "aa")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!slug) return "document";
  if (slug.length <= MAX_ID_LENGTH) return slug;
  const digest = createHash("sha256").update(slug).digest("hex").slice(0, ID_DIGEST_LENGTH);
  const head = slug.slice(0, MAX_ID_LENGTH - ID_DIGEST_LENGTH - 1).replace(/-+$/, "");
  return `${head}-${digest}`;
}

/** Whether a string read back from the archive can be a document id (and so a file name in output/). */
export function isDocumentId(id: string): boolean {
  return id.length <= MAX_ID_LENGTH && DOCUMENT_ID.test(id);
}
