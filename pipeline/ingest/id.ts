// Kept apart from the readers so the runner can name a document without loading them.
/**
 * A stable id from the relative path, extension included, so rammeaftale.pdf and rammeaftale.html
 * are two documents. Danish letters are spelled out the way Danish URLs do (æ→ae, ø→oe, å→aa).
 */
export function documentId(relPath: string): string {
  const slug = relPath
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "oe")
    .replace(/å/g, "aa")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "document";
}
