// Links a record may carry. A record's links reach the Markdown, the website and the search feed,
// where a javascript:, vbscript: or data: address runs or shows whatever its author wrote. Only
// web and mail addresses and relative ones are kept; any other is dropped (its text stays) with a
// warning that names it.
import type { Warning } from "../../src/model/document.ts";
import type { IngestResult } from "./types.ts";

/** Schemes a link may have; a link without a scheme (relative, #fragment, //host) is kept too. */
export const SAFE_SCHEMES: ReadonlySet<string> = new Set(["http", "https", "mailto"]);

/**
 * The scheme of an address as a browser reads it (the URL standard: tabs and newlines anywhere
 * are removed, and spaces and control characters at either end, so "java\tscript:" is
 * javascript:), lower-cased; null for a relative address.
 */
export function schemeOf(href: string): string | null {
  const cleaned = href.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  return /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned)?.[1]!.toLowerCase() ?? null;
}

export function isSafeHref(href: string): boolean {
  const scheme = schemeOf(href);
  return scheme === null || SAFE_SCHEMES.has(scheme);
}

/** Removes unsafe links from a reader's result, everywhere they occur; returns a warning per address dropped. */
export function dropUnsafeLinks(result: IngestResult): Warning[] {
  const dropped = new Map<string, { page: number | null; count: number }>();
  // The document's list of links counts each link once; a block's inline copy of one is not counted again.
  const keep = <T extends { href: string }>(links: T[], page: number | null, counted: boolean): T[] =>
    links.filter((l) => {
      if (isSafeHref(l.href)) return true;
      const seen = dropped.get(l.href);
      if (seen && counted) seen.count++;
      else if (!seen) dropped.set(l.href, { page: (l as { page?: number }).page ?? page, count: 1 });
      return false;
    });
  result.links = keep(result.links, null, true);
  for (const page of result.pages) {
    // Blocks hold links in paragraphs, headings, list items and table cells: every object with a
    // `links` array is filtered, however it is nested (iteratively).
    const pending: unknown[] = [...page.blocks];
    while (pending.length) {
      const node = pending.pop();
      if (!node || typeof node !== "object") continue;
      const record = node as Record<string, unknown>;
      if (Array.isArray(record.links)) record.links = keep(record.links as { href: string }[], page.number, false);
      for (const [key, value] of Object.entries(record)) if (key !== "links" && typeof value === "object" && value !== null) pending.push(value);
    }
  }
  return [...dropped].map(([href, { page, count }]) => ({
    page,
    code: "link-dropped",
    // The address itself is not repeated: the warning reaches the same readers the link would have.
    message: `a link with the scheme "${schemeOf(href)}" was dropped${count > 1 ? ` (${count} times)` : ""}; only http, https, mailto and relative links are kept, and its text is kept`,
  }));
}
