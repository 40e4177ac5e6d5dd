import type { Inventory } from "./inventory.ts";

export interface VersionEntry {
  version: string;
  created: string;
  user: string;
  message: string;
  /** Logical paths added, changed or removed since the version before. */
  changed: string[];
}

/** The object's versions, oldest first, with what each changed. */
export function versionLog(inventory: Inventory): VersionEntry[] {
  const names = Object.keys(inventory.versions).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  let before = new Map<string, string>();
  return names.map((name) => {
    const block = inventory.versions[name]!;
    const now = new Map<string, string>();
    for (const [digest, paths] of Object.entries(block.state)) for (const p of paths) now.set(p, digest);
    const changed = [...new Set([...now.keys(), ...before.keys()])].filter((p) => now.get(p) !== before.get(p)).sort();
    before = now;
    return { version: name, created: block.created, user: block.user.name, message: block.message, changed };
  });
}
