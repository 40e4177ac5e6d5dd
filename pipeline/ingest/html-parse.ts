// Parsing a web page into a hast tree whose depth is bounded. parse5 parses any page iteratively,
// but the tree it builds is as deep as the markup nests, and everything that walks a tree
// recursively (the hast conversion, the reader) overflows the stack on a page of a few thousand
// unclosed tags. Elements nested deeper than MAX_HTML_DEPTH keep their text, flattened into the
// element at that depth, and the reader warns that it did so.
import type { Root } from "hast";
import { fromParse5 } from "hast-util-from-parse5";
import { parse, type DefaultTreeAdapterMap } from "parse5";

type ParentNode = DefaultTreeAdapterMap["parentNode"];
type ChildNode = DefaultTreeAdapterMap["childNode"];

/**
 * Deepest element nesting kept as it is. Real pages nest a few dozen levels (the deepest saved
 * pages of the corpus nest under 30); the recursive walks after the parse stay far inside Node's
 * default stack at this depth (they overflowed at about 2,000).
 */
export const MAX_HTML_DEPTH = 256;

export interface ParsedHtml {
  tree: Root;
  /** Elements below MAX_HTML_DEPTH whose text was flattened into their ancestor at that depth. */
  flattened: number;
}

export function parseHtml(text: string): ParsedHtml {
  // Scripting off, as rehype-parse does: <noscript> holds markup, which is what a reader sees.
  const document = parse(text, { scriptingEnabled: false });
  const flattened = boundDepth(document, MAX_HTML_DEPTH);
  return { tree: fromParse5(document) as Root, flattened };
}

/** Flattens every element at `maxDepth` whose content nests further; returns the elements removed. */
function boundDepth(root: ParentNode, maxDepth: number): number {
  let removed = 0;
  const pending: [ParentNode, number][] = [[root, 0]];
  while (pending.length) {
    const [node, depth] = pending.pop()!;
    for (const child of node.childNodes) {
      if (!("childNodes" in child) || !child.childNodes.length) continue;
      if (depth + 1 < maxDepth) pending.push([child, depth + 1]);
      else removed += flatten(child);
    }
  }
  return removed;
}

/**
 * Replaces an element's content by its text and empty elements (line breaks, images), in
 * document order, with a space where an element ended so words do not run together.
 */
function flatten(element: ParentNode): number {
  const leaves: ChildNode[] = [];
  let removed = 0;
  // Iterative document-order walk: a child list is visited in order, then the "end" marker.
  const pending: (ChildNode | "end")[] = [...element.childNodes].reverse();
  while (pending.length) {
    const node = pending.pop()!;
    if (node === "end") {
      leaves.push(spaceNode(element));
      continue;
    }
    if ("childNodes" in node && node.childNodes.length) {
      removed++;
      pending.push("end", ...[...node.childNodes].reverse());
    } else leaves.push(node);
  }
  for (const leaf of leaves) leaf.parentNode = element;
  element.childNodes = leaves;
  return removed;
}

function spaceNode(parent: ParentNode): ChildNode {
  return { nodeName: "#text", value: " ", parentNode: parent } as ChildNode;
}
