// The OCFL 1.1 storage root arkiv writes: one object per source document, one version per change.
//
// Crash safety: a version is built in a workspace beside the storage root (same filesystem), as a
// complete copy of the object's subtree (earlier versions hard-linked, not copied). It goes live
// by two renames of the topmost directory that holds only this object: the old one out, the new
// one in. At every moment the storage root holds only complete, valid objects (between the two
// renames this one is briefly absent, and its parent is never left empty), and a run after a kill
// finishes or discards what the workspace holds before it does anything else.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { copyFile, link, mkdir, open, readdir, readFile, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import {
  contentPathOf,
  DIGEST_ALGORITHM,
  digestFile,
  digestOf,
  headState,
  INVENTORY_TYPE,
  serializeInventory,
  sidecar,
  versionName,
  versionNumber,
  type Inventory,
} from "./inventory.ts";
import { LAYOUT_CONFIG, LAYOUT_EXTENSION, objectPath } from "./layout.ts";
import { ArkivError } from "../model/errors.ts";
import { syncFolder, writeFileDurably, writeFileSynced } from "../fs/durable.ts";
import { pushAll } from "../lib/arrays.ts";

const ROOT_DECLARATION = "0=ocfl_1.1";
/** In the workspace: the pid of the process writing the archive. */
const LOCK_FILE = "writer.lock";
const OBJECT_DECLARATION = "0=ocfl_object_1.1";

export type ArchiveFile =
  | { logicalPath: string; bytes: Buffer }
  /**
   * A file copied in by streaming (an original, which may be large). `sha256` is the digest of
   * the bytes that were extracted: a file that changed since is refused, so the archive never
   * pairs an original with a record made from other bytes.
   */
  | { logicalPath: string; path: string; sha256: string };

/** A file ready to commit: its digest known, its bytes in memory or staged in the workspace. */
interface Prepared {
  logicalPath: string;
  digest: string;
  /** Writes (or links) the bytes to a new file at `to`, synced. */
  writeTo(to: string): Promise<void>;
}

export interface CommitInput {
  id: string;
  files: readonly ArchiveFile[];
  message: string;
  user: { name: string; address: string };
}

export interface CommitResult {
  id: string;
  /** The version written, or null when the files equal the head's and nothing was written. */
  version: string | null;
  /** Logical paths whose content is new in this version. */
  changed: string[];
  /** Content paths that were missing or altered and were written again from the committed files' bytes. */
  repaired: string[];
}

/** An object in the storage root: its verified head inventory, or why it could not be read. */
export type ArchivedObject =
  /** `path`: the object root relative to the storage root. */
  | { path: string; id: string; inventory: Inventory; damaged: null }
  | { path: string; id: null; inventory: null; damaged: string };

/** The archive's own files are missing or altered: named, so a run reports it and goes on. */
export function archiveDamaged(message: string): ArkivError {
  return new ArkivError("archive-damaged", `${message}; \`arkiv verify\` lists what is wrong`);
}

export class Archive {
  private lock: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly root: string,
    readonly workspace: string,
  ) {}

  /**
   * Opens the storage root. To write (`write: true`), it is created if missing, this process takes
   * the archive's lock (a second writer is refused while the first lives), and interrupted commits
   * are finished or discarded first. Readers take no lock and change nothing.
   */
  static async open(root: string, options: { write?: boolean } = {}): Promise<Archive> {
    // The lock lives beside the real folder: one archive reached by two paths (a symbolic link)
    // is still one archive with one writer.
    root = await realLocation(root);
    const workspace = join(dirname(root), `.${basename(root)}-work`);
    const archive = new Archive(root, workspace);
    if (options.write) {
      await archive.initialise();
      await archive.lockForWriting();
      await archive.recover();
    }
    return archive;
  }

  /** Releases the write lock (a lock left by a killed process is taken over by the next writer). */
  async close(): Promise<void> {
    if (this.locked) await rm(join(this.workspace, LOCK_FILE), { force: true });
    this.locked = false;
  }

  private locked = false;

  private async lockForWriting(): Promise<void> {
    await mkdir(this.workspace, { recursive: true });
    const lock = join(this.workspace, LOCK_FILE);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(lock, `${JSON.stringify({ pid: process.pid, started: processStart(process.pid) })}\n`, { flag: "wx" });
        this.locked = true;
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        const holder = await readFile(lock, "utf8").then(
          (s) => JSON.parse(s) as { pid?: number; started?: string | null },
          () => null,
        );
        if (holder?.pid !== undefined && holder.pid !== process.pid && holds(holder.pid, holder.started ?? null)) {
          throw new Error(`the archive ${this.root} is being written by process ${holder.pid}; run again when it has finished`);
        }
        // Left by a process that no longer runs (or whose id a new process now has): take it over.
        await rm(lock, { force: true });
      }
    }
    throw new Error(`cannot take the lock of the archive ${this.root}`);
  }

  /**
   * The object's head inventory, or null when it is not archived. Checked against its sidecar
   * before it is trusted: a truncated or edited inventory is `archive-damaged`, never parsed blind.
   */
  async inventory(id: string): Promise<Inventory | null> {
    const dir = join(this.root, objectPath(id));
    if (!existsSync(dir)) return null;
    const inventory = await readInventory(dir);
    if (inventory.id !== id) throw archiveDamaged(`the object at ${objectPath(id)} names itself ${JSON.stringify(inventory.id)}, not ${id}`);
    return inventory;
  }

  /**
   * A logical file's bytes in the head (or the given) version, or null when the version has no
   * such file. The bytes are checked against the inventory's digest: a missing or altered content
   * file is `archive-damaged`.
   */
  async read(id: string, logicalPath: string, version?: string): Promise<Buffer | null> {
    const inventory = await this.inventory(id);
    if (!inventory) return null;
    const state = inventory.versions[version ?? inventory.head]?.state ?? {};
    const digest = Object.entries(state).find(([, paths]) => paths.includes(logicalPath))?.[0];
    if (!digest) return null;
    const content = contentPathOf(inventory, digest);
    if (!content) throw archiveDamaged(`${id}: the inventory lists ${logicalPath} but no content for it`);
    const bytes = await readFile(join(this.root, objectPath(id), content)).catch((err: NodeJS.ErrnoException) => {
      throw archiveDamaged(`${id}: ${content} cannot be read (${err.code ?? err.message})`);
    });
    if (digestOf(bytes) !== digest) throw archiveDamaged(`${id}: ${content} is not the file the inventory names (its digest differs)`);
    return bytes;
  }

  /**
   * The object's content files that are missing, and (for the logical paths in `checked`, in the
   * head version) those whose bytes are not what the inventory says. Empty when it is intact.
   */
  async damagedContent(id: string, checked: readonly string[] = []): Promise<string[]> {
    const inventory = await this.inventory(id);
    if (!inventory) return [];
    const dir = join(this.root, objectPath(id));
    const damaged: string[] = [];
    for (const paths of Object.values(inventory.manifest)) {
      for (const p of paths) if (!(await stat(join(dir, p)).then((s) => s.isFile(), () => false))) damaged.push(p);
    }
    const head = headState(inventory);
    for (const logical of checked) {
      const digest = head.get(logical);
      const content = digest ? contentPathOf(inventory, digest) : null;
      if (!content || damaged.includes(content)) continue;
      const bytes = await readFile(join(dir, content));
      if (digestOf(bytes) !== digest) damaged.push(content);
    }
    return damaged.sort();
  }

  /** Resolves when no commit is in progress (a stopped run waits for the one under way before it lets go of the lock). */
  async idle(): Promise<void> {
    await this.lock;
  }

  /** Adds a version when the files differ from the head (by digest); stores only content not stored before. */
  commit(input: CommitInput): Promise<CommitResult> {
    // One commit at a time: two new objects may share a new top-level directory.
    const run = this.lock.then(() => this.commitNow(input));
    this.lock = run.catch(() => undefined);
    return run;
  }

  /** Every object in the storage root, in path order; one whose inventory cannot be trusted says why. */
  async objects(): Promise<ArchivedObject[]> {
    const out: ArchivedObject[] = [];
    if (!existsSync(join(this.root, ROOT_DECLARATION))) return out;
    // Iterative: a storage root is shallow, but nothing here should recurse on what it finds on disk.
    const pending = [""];
    while (pending.length) {
      const rel = pending.pop()!;
      const dir = join(this.root, rel);
      const entries = await readdir(dir, { withFileTypes: true });
      if (entries.some((e) => e.isFile() && e.name === OBJECT_DECLARATION)) {
        try {
          const inventory = await readInventory(dir);
          out.push({ path: rel, id: inventory.id, inventory, damaged: null });
        } catch (err) {
          out.push({ path: rel, id: null, inventory: null, damaged: err instanceof Error ? err.message : String(err) });
        }
        continue;
      }
      const subdirs = entries.filter((e) => e.isDirectory() && !(!rel && e.name === "extensions")).map((e) => (rel ? `${rel}/${e.name}` : e.name));
      pushAll(pending, subdirs.sort().reverse());
    }
    return out;
  }

  private async initialise(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    if (!existsSync(join(this.root, ROOT_DECLARATION))) {
      const entries = await readdir(this.root);
      const foreign = entries.filter((e) => !["README.md", ".gitkeep"].includes(e));
      if (foreign.length) throw new Error(`${this.root} is not an OCFL storage root and not empty (${foreign.slice(0, 3).join(", ")})`);
      const config = join(this.root, "extensions", LAYOUT_EXTENSION);
      await mkdir(config, { recursive: true });
      await writeFile(join(config, "config.json"), `${JSON.stringify(LAYOUT_CONFIG, null, 2)}\n`);
      await writeFile(
        join(this.root, "ocfl_layout.json"),
        `${JSON.stringify({ extension: LAYOUT_EXTENSION, description: "Hashed N-tuple storage layout: sha256 of the object id, three tuples of three characters, then the full digest." }, null, 2)}\n`,
      );
      // The declaration last: a root without it is not yet a storage root.
      await writeFile(join(this.root, ROOT_DECLARATION), "ocfl_1.1\n");
    }
  }

  /** Finishes a commit whose new tree was complete and half swapped in; discards any other. */
  private async recover(): Promise<void> {
    if (!existsSync(this.workspace)) return;
    for (const tx of await readdir(this.workspace)) {
      if (tx === LOCK_FILE) continue;
      const dir = join(this.workspace, tx);
      const plan = await readPlan(join(dir, "ready.json"));
      if (plan && !existsSync(join(this.root, plan.target))) {
        // The new tree if it was not moved in yet, else the old one back (it was moved out first).
        const from = [join(dir, "new", basename(plan.target)), join(dir, "old")].find((p) => existsSync(p));
        if (from) await rename(from, join(this.root, plan.target));
      }
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async commitNow(input: CommitInput): Promise<CommitResult> {
    const rel = objectPath(input.id);
    const previous = await this.inventory(input.id);
    const staging = join(this.workspace, `stage-${randomBytes(4).toString("hex")}`);
    try {
      const files: Prepared[] = [];
      for (const f of input.files) files.push(await prepare(f, staging));
      return await this.commitPrepared(input, rel, previous, files);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  private async commitPrepared(input: CommitInput, rel: string, previous: Inventory | null, files: Prepared[]): Promise<CommitResult> {
    const before = previous ? headState(previous) : new Map<string, string>();
    const unchanged = before.size === files.length && files.every((f) => before.get(f.logicalPath) === f.digest);
    const repairs = previous ? await this.repairsFor(input.id, previous, files) : new Map<string, Prepared>();
    if (unchanged && !repairs.size) return { id: input.id, version: null, changed: [], repaired: [] };
    if (unchanged) return this.swapIn(rel, previous!, null, repairs, { id: input.id, version: null, changed: [], repaired: [...repairs.keys()].sort() });

    const number = previous ? versionNumber(previous.head) + 1 : 1;
    const version = versionName(number);
    const manifest: Record<string, string[]> = structuredClone(previous?.manifest ?? {});
    const state: Record<string, string[]> = {};
    const fresh: { digest: string; contentPath: string; file: Prepared }[] = [];
    for (const f of [...files].sort((a, b) => (a.logicalPath < b.logicalPath ? -1 : 1))) {
      (state[f.digest] ??= []).push(f.logicalPath);
      // Content already stored (in any version) is referenced, not stored again.
      if (!manifest[f.digest] && !fresh.some((x) => x.digest === f.digest)) {
        const contentPath = `${version}/content/${f.logicalPath}`;
        fresh.push({ digest: f.digest, contentPath, file: f });
        manifest[f.digest] = [contentPath];
      }
    }
    const inventory: Inventory = {
      id: input.id,
      type: INVENTORY_TYPE,
      digestAlgorithm: DIGEST_ALGORITHM,
      head: version,
      manifest,
      versions: {
        ...(previous?.versions ?? {}),
        [version]: { created: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"), message: input.message, user: input.user, state },
      },
    };
    const inventoryText = serializeInventory(inventory);

    const result: CommitResult = {
      id: input.id,
      version,
      changed: fresh.map((f) => f.contentPath.replace(/^v\d+\/content\//, "")),
      repaired: [...repairs.keys()].sort(),
    };
    return this.swapIn(rel, previous, { name: version, inventoryText, fresh }, repairs, result);
  }

  /**
   * Content the object must have that is missing or altered, with the bytes to write it again:
   * every content path must exist, and content the new version shares with earlier ones must be
   * what its digest says (a commit builds on it). Damage the committed files cannot mend (an
   * earlier version's file that this one does not hold) is `archive-damaged`: history is not rewritten.
   */
  private async repairsFor(id: string, inventory: Inventory, files: readonly Prepared[]): Promise<Map<string, Prepared>> {
    const dir = join(this.root, objectPath(id));
    const byDigest = new Map(files.map((f) => [f.digest, f]));
    const repairs = new Map<string, Prepared>();
    for (const [digest, paths] of Object.entries(inventory.manifest)) {
      const replacement = byDigest.get(digest);
      for (const p of paths) {
        const present = await stat(join(dir, p)).then((s) => s.isFile(), () => false);
        const intact = present && (!replacement || (await digestFile(join(dir, p))) === digest);
        if (intact) continue;
        if (!replacement) throw archiveDamaged(`${id}: ${p} is ${present ? "altered" : "missing"}, and no file of this version holds its content`);
        repairs.set(p, replacement);
      }
    }
    return repairs;
  }

  /**
   * Builds the object's new subtree in the workspace (earlier content hard-linked, repaired
   * content written anew, the new version's content and inventories when there is one) and
   * swaps it in (see the note at the top).
   */
  private async swapIn(
    rel: string,
    previous: Inventory | null,
    next: { name: string; inventoryText: string; fresh: { contentPath: string; file: Prepared }[] } | null,
    repairs: ReadonlyMap<string, Prepared>,
    result: CommitResult,
  ): Promise<CommitResult> {
    const tx = join(this.workspace, `${basename(rel)}-${randomBytes(4).toString("hex")}`);
    const target = previous ? await this.soleAncestor(rel) : this.missingAncestor(rel);
    const built = join(tx, "new", rel.split("/").slice(target.split("/").length - 1).join("/"));
    await mkdir(built, { recursive: true });
    // A new version writes new inventories at the top; a repair keeps the head's as they are.
    const rewritten = new Set([...repairs.keys(), ...(next ? ["inventory.json", `inventory.json.${DIGEST_ALGORITHM}`] : [])]);
    if (previous) await linkTree(join(this.root, rel), built, rewritten);
    else await writeFile(join(built, OBJECT_DECLARATION), "ocfl_object_1.1\n");
    const writes = [...repairs].map(([contentPath, file]) => ({ contentPath, file })).concat(next?.fresh ?? []);
    for (const w of writes) {
      await mkdir(dirname(join(built, w.contentPath)), { recursive: true });
      await w.file.writeTo(join(built, w.contentPath));
    }
    if (next) {
      // A version that stores no new content (a revert to earlier bytes) still has its folder: the
      // version's inventory copy lives there.
      await mkdir(join(built, next.name), { recursive: true });
      for (const dir of [join(built, next.name), built]) {
        await writeFileSynced(join(dir, "inventory.json"), next.inventoryText);
        await writeFileSynced(join(dir, `inventory.json.${DIGEST_ALGORITHM}`), sidecar(next.inventoryText));
      }
    }
    // Before the commit point, the new tree is on the disk: its files were synced as they were
    // written, and every folder's entries (new names, hard links) are synced here.
    await syncTree(join(tx, "new"));
    // The commit point: written whole under another name and renamed, so it is there complete or not at all.
    await writeFileDurably(join(tx, "ready.json"), JSON.stringify({ target }));

    // Go live: the old subtree out, the new one in (see the note at the top).
    const live = join(this.root, target);
    const incoming = join(tx, "new", basename(target));
    if (previous) await rename(live, join(tx, "old"));
    else await mkdir(dirname(live), { recursive: true });
    await rename(incoming, live);
    // The swap is on the disk before the old tree goes: a power cut now finds the new version.
    await syncFolder(dirname(live));
    await rm(tx, { recursive: true, force: true });
    return result;
  }

  /**
   * The topmost directory on the object's path that holds nothing but this object: moving it
   * out and back never leaves an empty directory or a partial object behind.
   */
  private async soleAncestor(rel: string): Promise<string> {
    const parts = rel.split("/");
    let top = parts.length;
    while (top > 1) {
      const parent = join(this.root, ...parts.slice(0, top - 1));
      if ((await readdir(parent)).length !== 1) break;
      top--;
    }
    return parts.slice(0, top).join("/");
  }

  /** The topmost directory on a new object's path that does not exist yet. */
  private missingAncestor(rel: string): string {
    const parts = rel.split("/");
    for (let i = 1; i <= parts.length; i++) {
      if (!existsSync(join(this.root, ...parts.slice(0, i)))) return parts.slice(0, i).join("/");
    }
    return rel;
  }
}

/** Whether the process that wrote a lock still runs: its id is alive and (where the system says) it started when the lock's writer did. */
function holds(pid: number, started: string | null): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  // A process id is reused once its process is gone: the start time tells the writer from a newcomer.
  const now = processStart(pid);
  return started === null || now === null || now === started;
}

/** When a process started, in clock ticks since boot (Linux /proc), or null where it cannot be read. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces; starttime is field 22.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

/** The folder's real path (symbolic links resolved), or for a folder not made yet, its parent's real path and its name. */
async function realLocation(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(await realLocation(parent), basename(absolute));
  }
}

/** The commit plan of an interrupted transaction, or null when it never reached its commit point. */
async function readPlan(path: string): Promise<{ target: string } | null> {
  try {
    const plan = JSON.parse(await readFile(path, "utf8")) as { target?: unknown };
    return typeof plan.target === "string" ? { target: plan.target } : null;
  } catch {
    return null;
  }
}

/**
 * Mirrors a directory with hard links (copies where links are not possible), skipping the paths
 * (relative to `from`, "/"-separated) in `except`.
 */
async function linkTree(from: string, to: string, except: ReadonlySet<string>): Promise<void> {
  // Iterative, like every walk over what is on disk.
  const pending = [""];
  while (pending.length) {
    const rel = pending.pop()!;
    for (const entry of await readdir(join(from, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (except.has(path)) continue;
      const source = join(from, path);
      const dest = join(to, path);
      if (entry.isDirectory()) {
        await mkdir(dest, { recursive: true });
        pending.push(path);
      } else {
        await link(source, dest).catch(() => copyFile(source, dest));
      }
    }
  }
}

/** Makes a file ready to commit: its sha512, and its bytes kept (in memory) or staged (streamed into the workspace). */
async function prepare(file: ArchiveFile, staging: string): Promise<Prepared> {
  if ("bytes" in file) {
    return { logicalPath: file.logicalPath, digest: digestOf(file.bytes), writeTo: (to) => writeFileSynced(to, file.bytes) };
  }
  await mkdir(staging, { recursive: true });
  const staged = join(staging, randomBytes(6).toString("hex"));
  const { sha256, sha512 } = await copyWithDigests(file.path, staged);
  if (sha256 !== file.sha256) {
    throw new ArkivError("io-error", `${basename(file.path)} changed while it was processed; run again to process the new bytes`);
  }
  return {
    logicalPath: file.logicalPath,
    digest: sha512,
    // The staged copy is synced; a hard link to it is a new name, synced with its folder.
    writeTo: (to) => link(staged, to).catch(() => copyFile(staged, to)),
  };
}

/** Streams a file to a new one, synced, computing the digests a run and the archive need on the way. */
async function copyWithDigests(from: string, to: string): Promise<{ sha256: string; sha512: string }> {
  const sha256 = createHash("sha256");
  const sha512 = createHash(DIGEST_ALGORITHM);
  const out = await open(to, "wx");
  try {
    const input = createReadStream(from);
    for await (const chunk of input as AsyncIterable<Buffer>) {
      sha256.update(chunk);
      sha512.update(chunk);
      await out.write(chunk);
    }
    await out.sync();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new ArkivError("io-error", `cannot read ${basename(from)}: ${e.code ?? e.message}`);
  } finally {
    await out.close();
  }
  return { sha256: sha256.digest("hex"), sha512: sha512.digest("hex") };
}

/** fsyncs every folder under (and including) `root`: names created in them are on the disk. */
async function syncTree(root: string): Promise<void> {
  const pending = [root];
  while (pending.length) {
    const dir = pending.pop()!;
    for (const entry of await readdir(dir, { withFileTypes: true })) if (entry.isDirectory()) pending.push(join(dir, entry.name));
    await syncFolder(dir);
  }
}

/** An object's head inventory, read from its root and checked against its sidecar and the rules arkiv writes by. */
async function readInventory(objectRoot: string): Promise<Inventory> {
  const where = basename(objectRoot);
  const [text, side] = await Promise.all([
    readFile(join(objectRoot, "inventory.json")).catch(() => null),
    readFile(join(objectRoot, `inventory.json.${DIGEST_ALGORITHM}`), "utf8").catch(() => null),
  ]);
  if (!text || side === null) throw archiveDamaged(`the object ${where} has no ${text ? "inventory sidecar" : "inventory"}`);
  if (side.trim().split(/\s+/)[0] !== digestOf(text)) throw archiveDamaged(`the inventory of the object ${where} does not match its sidecar (truncated or edited)`);
  let inventory: Inventory;
  try {
    inventory = JSON.parse(text.toString("utf8")) as Inventory;
  } catch {
    throw archiveDamaged(`the inventory of the object ${where} is not JSON`);
  }
  if (typeof inventory?.id !== "string" || !inventory.versions?.[inventory.head]?.state || typeof inventory.manifest !== "object") {
    throw archiveDamaged(`the inventory of the object ${where} lacks its id, head version or manifest`);
  }
  return inventory;
}
