// The inventory digest sidecar, inventory.json.<algorithm> (spec 3.6).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { digestBytes, normalizeDigest, type ContentAlgorithm } from "./digest.ts";
import type { IssueLog } from "./issues.ts";
import { joinRelative } from "./paths.ts";

/** "DIGEST inventory.json", separated by spaces or tabs; a trailing newline is usual. */
const SIDECAR_LINE = /^([0-9a-fA-F]+)[ \t]+inventory\.json[ \t]*(\r?\n)?$/;

/**
 * Checks the sidecar beside an inventory: present (E058), well formed (E061) and naming the
 * inventory's digest (E060). `directory` is relative to the object root ("" for the root).
 */
export async function checkSidecar(
  objectRoot: string,
  directory: string,
  algorithm: ContentAlgorithm,
  inventoryBytes: Uint8Array,
  log: IssueLog,
): Promise<void> {
  const sidecar = joinRelative(directory, `inventory.json.${algorithm}`);
  const inventory = joinRelative(directory, "inventory.json");
  let text: string;
  try {
    text = await readFile(join(objectRoot, sidecar), "utf8");
  } catch {
    log.error("E058", `${inventory} has no digest sidecar ${sidecar}.`, sidecar);
    return;
  }
  const match = SIDECAR_LINE.exec(text);
  if (!match?.[1]) {
    log.error("E061", `${sidecar} must contain one line "<digest> inventory.json".`, sidecar);
    return;
  }
  const actual = digestBytes(algorithm, inventoryBytes);
  if (normalizeDigest(match[1]) !== actual) {
    log.error("E060", `${sidecar} gives digest ${match[1]} but ${inventory} has ${algorithm} digest ${actual}.`, sidecar);
  }
}
