// Text with inline links (UTF-16 offsets into the text). Every edit the structure stage makes to a
// block's text goes through here, so a link stays on its words when lines are joined or split.
import type { InlineLink } from "../../src/model/document.ts";
import { pushAll } from "../../src/lib/arrays.ts";

export interface Rich {
  text: string;
  links: InlineLink[];
}

export interface Edit {
  start: number;
  end: number;
  insert: string;
}

/** Applies non-overlapping edits; links move with their text, and a link whose text is all removed goes. */
export function editRich(rich: Rich, edits: readonly Edit[]): Rich {
  if (!edits.length) return rich;
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let text = "";
  let at = 0;
  for (const e of sorted) {
    text += rich.text.slice(at, e.start) + e.insert;
    at = e.end;
  }
  text += rich.text.slice(at);
  const map = (offset: number, side: "start" | "end"): number => {
    let shift = 0;
    for (const e of sorted) {
      if (offset <= e.start) break;
      if (offset < e.end) return e.start + shift + (side === "end" ? e.insert.length : 0);
      shift += e.insert.length - (e.end - e.start);
    }
    return offset + shift;
  };
  const links = rich.links
    .map((l) => ({ ...l, start: map(l.start, "start"), end: map(l.end, "end") }))
    .filter((l) => l.end > l.start);
  return { text, links };
}

/** Joins texts with a separator; each part's links shift with it. */
export function joinRich(parts: readonly Rich[], separator: string): Rich {
  let text = "";
  const links: InlineLink[] = [];
  for (const [i, part] of parts.entries()) {
    if (i > 0) text += separator;
    const base = text.length;
    pushAll(links, part.links.map((l) => ({ ...l, start: l.start + base, end: l.end + base })));
    text += part.text;
  }
  return { text, links };
}

/** The text from `start` to `end`, with the links that fall in it (clipped). */
export function sliceRich(rich: Rich, start: number, end: number): Rich {
  const links = rich.links
    .filter((l) => l.end > start && l.start < end)
    .map((l) => ({ ...l, start: Math.max(l.start, start) - start, end: Math.min(l.end, end) - start }));
  return { text: rich.text.slice(start, end), links };
}

/** Splits at line breaks, keeping each line's links. */
export function richLines(rich: Rich): Rich[] {
  const out: Rich[] = [];
  let start = 0;
  for (;;) {
    const nl = rich.text.indexOf("\n", start);
    const end = nl === -1 ? rich.text.length : nl;
    out.push(sliceRich(rich, start, end));
    if (nl === -1) return out;
    start = nl + 1;
  }
}

/** Leading and trailing whitespace removed, links kept on their words. */
export function trimRich(rich: Rich): Rich {
  const lead = rich.text.length - rich.text.trimStart().length;
  const trail = rich.text.length - rich.text.trimEnd().length;
  return sliceRich(rich, lead, rich.text.length - trail);
}
