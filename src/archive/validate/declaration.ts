// NAMASTE conformance declarations: "0=ocfl_object_1.1" in an object root (spec 3.2) and
// "0=ocfl_1.1" in a storage root (spec 4.2). Same rules, different codes.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { IssueLog } from "./issues.ts";

export const SPEC_VERSIONS = ["1.0", "1.1"];

interface DeclarationKind {
  what: string;
  dvaluePrefix: string;
  missing: string;
  multiple: string;
  badName: string;
  badContent: string;
}

export const OBJECT_DECLARATION: DeclarationKind = {
  what: "OCFL object root",
  dvaluePrefix: "ocfl_object_",
  missing: "E003",
  multiple: "E003",
  badName: "E006",
  badContent: "E007",
};

export const ROOT_DECLARATION: DeclarationKind = {
  what: "OCFL storage root",
  dvaluePrefix: "ocfl_",
  missing: "E069",
  multiple: "E076",
  badName: "E079",
  badContent: "E080",
};

/**
 * Checks the declaration among `fileNames` (the files directly in `directory`) and returns the
 * OCFL version it declares, or null if there is no usable declaration.
 */
export async function checkDeclaration(
  directory: string,
  fileNames: string[],
  kind: DeclarationKind,
  log: IssueLog,
): Promise<string | null> {
  const expected = `0=${kind.dvaluePrefix}1.1`;
  const declarations = fileNames.filter((name) => name.startsWith("0="));
  if (declarations.length === 0) {
    log.error(kind.missing, `There is no ${expected} declaration file, so this is not an ${kind.what}.`);
    return null;
  }
  if (declarations.length > 1) {
    log.error(kind.multiple, `There must be exactly one declaration file, but there are ${declarations.length}: ${declarations.join(", ")}.`);
    return null;
  }
  const name = declarations[0] ?? "";
  const dvalue = name.slice(2);
  const version = dvalue.startsWith(kind.dvaluePrefix) ? dvalue.slice(kind.dvaluePrefix.length) : "";
  if (!SPEC_VERSIONS.includes(version)) {
    log.error(kind.badName, `The declaration file is named "${name}"; it must be "0=${kind.dvaluePrefix}" followed by an OCFL version, e.g. ${expected}.`, name);
    return null;
  }
  let content: string;
  try {
    content = await readFile(join(directory, name), "utf8");
  } catch {
    log.error(kind.badContent, `The declaration file ${name} cannot be read.`, name);
    return version;
  }
  if (content !== `${dvalue}\n`) {
    log.error(kind.badContent, `The declaration file ${name} must contain exactly "${dvalue}" and a newline, but contains ${JSON.stringify(content.slice(0, 80))}.`, name);
  }
  return version;
}
