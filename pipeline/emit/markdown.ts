// Markdown is rendered from an mdast tree built from the record's blocks, never by string pasting:
// remark-stringify handles escaping, and GFM tables come from remark-gfm.
import type { Html, List, ListItem as MdListItem, PhrasingContent, Root, RootContent, Table } from "mdast";
import remarkGfm from "remark-gfm";
import remarkStringify from "remark-stringify";
import { unified } from "unified";
import type { Block, DocumentRecord, InlineLink, ListBlock } from "../../src/model/document.ts";
import { maxOf, pushAll } from "../../src/lib/arrays.ts";

const processor = unified()
  .use(remarkGfm)
  .use(remarkStringify, { bullet: "-", listItemIndent: "one", fences: true, rule: "-", emphasis: "_" });

/** The record's body as Markdown: a page marker comment before each page, then its blocks. */
export function toMarkdown(doc: DocumentRecord): string {
  return processor.stringify(toMdast(doc));
}

export function toMdast(doc: DocumentRecord): Root {
  const children: RootContent[] = [];
  for (const page of doc.pages) {
    children.push(pageMarker(page.number));
    for (const block of page.blocks) pushAll(children, blockNodes(block));
    if (page.notes) children.push(notesNode(page.notes));
  }
  return { type: "root", children };
}

/** A slide's speaker notes after its body, set apart as a quotation labelled "Noter" (Danish for notes). */
function notesNode(notes: string): RootContent {
  const paragraphs = notes.split(/\n\s*\n/).map((text): RootContent => ({ type: "paragraph", children: [{ type: "text", value: text }] }));
  const first = paragraphs[0];
  if (first?.type === "paragraph") first.children.unshift({ type: "strong", children: [{ type: "text", value: "Noter:" }] }, { type: "text", value: " " });
  return { type: "blockquote", children: paragraphs as never };
}

/** An HTML comment: invisible when the Markdown is rendered, but it survives every round trip. */
function pageMarker(number: number): Html {
  return { type: "html", value: `<!-- page ${number} -->` };
}

function blockNodes(block: Block): RootContent[] {
  switch (block.type) {
    case "heading":
      return [{ type: "heading", depth: block.depth as 1 | 2 | 3 | 4 | 5 | 6, children: phrasing(block.text, block.links) }];
    case "paragraph":
      return block.text.trim() ? [{ type: "paragraph", children: phrasing(block.text, block.links) }] : [];
    case "code":
      return [{ type: "code", lang: null, meta: null, value: block.text }];
    case "list":
      return block.items.length ? [listNode(block)] : [];
    case "table":
      return block.rows.length ? [tableNode(block.rows, block.header)] : [];
  }
}

/** Text with links at their offsets, and "\n" as hard line breaks. */
function phrasing(text: string, links: readonly InlineLink[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let at = 0;
  for (const link of [...links].sort((a, b) => a.start - b.start)) {
    if (link.start < at || link.end > text.length) continue;
    pushAll(out, textWithBreaks(text.slice(at, link.start)));
    out.push({ type: "link", url: link.href, title: null, children: textWithBreaks(text.slice(link.start, link.end)) });
    at = link.end;
  }
  pushAll(out, textWithBreaks(text.slice(at)));
  return out;
}

function textWithBreaks(text: string): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const [i, part] of text.split("\n").entries()) {
    if (i > 0) out.push({ type: "break" });
    if (part) out.push({ type: "text", value: part });
  }
  return out;
}

/** Flat items with levels → nested mdast lists. */
function listNode(block: ListBlock): List {
  const root: List = { type: "list", ordered: block.ordered, start: block.start, spread: false, children: [] };
  const stack: { list: List; level: number }[] = [{ list: root, level: 0 }];
  for (const item of block.items) {
    const node: MdListItem = {
      type: "listItem",
      spread: false,
      checked: null,
      children: [{ type: "paragraph", children: phrasing(item.text, item.links) }],
    };
    while (stack.length > 1 && item.level < stack[stack.length - 1]!.level) stack.pop();
    let top = stack[stack.length - 1]!;
    const parentItem = top.list.children[top.list.children.length - 1];
    if (item.level > top.level && parentItem) {
      const nested: List = { type: "list", ordered: block.ordered, start: block.start, spread: false, children: [] };
      parentItem.children.push(nested);
      stack.push({ list: nested, level: item.level });
      top = stack[stack.length - 1]!;
    }
    top.list.children.push(node);
  }
  return root;
}

function tableNode(rows: readonly (readonly string[])[], header: boolean): Table {
  const width = maxOf(rows.map((r) => r.length));
  // GFM tables always have a header row; a table without one gets an empty header.
  const all = header ? rows : [Array.from({ length: width }, () => ""), ...rows];
  return {
    type: "table",
    align: Array.from({ length: width }, () => null),
    children: all.map((row) => ({
      type: "tableRow",
      children: Array.from({ length: width }, (_, i) => ({
        type: "tableCell",
        children: textWithBreaks((row[i] ?? "").replace(/\n/g, " ")),
      })),
    })),
  };
}
