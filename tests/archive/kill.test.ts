// Crash safety: a process committing versions is killed with SIGKILL at many points. Right after
// each kill, before anything recovers, the storage root and every object in it must validate; the
// next process must finish or discard what the kill interrupted and go on.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Archive } from "../../src/archive/store.ts";
import { validateStorageRoot } from "../../src/archive/validate/index.ts";

const dir = mkdtempSync(join(tmpdir(), "arkiv-kill-"));
const root = join(dir, "archive");
const loop = fileURLToPath(new URL("./commit-loop.ts", import.meta.url));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the committing child and kills it `afterMs` after it has opened the archive. */
function commitUntilKilled(seed: number, afterMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", loop, root, String(seed)], { stdio: ["ignore", "pipe", "inherit"] });
    let commits = 0;
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      if (chunk.includes("open") && !timer) timer = setTimeout(() => child.kill("SIGKILL"), afterMs);
      commits += chunk.split("\n").filter((l) => l.startsWith("commit")).length;
    });
    child.on("error", reject);
    child.on("exit", (_code, signal) => (signal === "SIGKILL" ? resolve(commits) : reject(new Error(`the commit loop ended by itself (${signal ?? _code})`))));
  });
}

describe("killed in the middle of commits", () => {
  it("leaves a valid archive every time, and the next run completes the work", async () => {
    // Spread the kills over a commit's phases: a commit takes a few tens of milliseconds.
    let interrupted = 0;
    let total = 0;
    for (let k = 0; k < 24; k++) {
      const commits = await commitUntilKilled(k + 1, 40 + ((k * 37) % 120));
      total += commits;
      const result = await validateStorageRoot(root);
      const errors = [...result.errors, ...result.objects.flatMap((o) => o.result.errors)];
      expect(errors, `after kill ${k + 1}`).toEqual([]);
      expect(result.valid).toBe(true);
      const work = join(dir, ".archive-work");
      // Transactions left behind (the killed writer's lock does not count).
      if (existsSync(work) && readdirSync(work).some((e) => e !== "writer.lock")) interrupted++;
    }
    // Versions were written between the kills (how many depends on the machine's load).
    expect(total).toBeGreaterThan(0);
    // Some kills must have landed inside a commit for the test to mean anything.
    expect(interrupted).toBeGreaterThan(0);

    // The next process recovers first: the workspace is emptied, and a commit goes through.
    const archive = await Archive.open(root, { write: true });
    expect(readdirSync(join(dir, ".archive-work"))).toEqual(["writer.lock"]);
    const before = (await archive.inventory("urn:arkiv:kill-0"))!;
    const after = await archive.commit({
      id: "urn:arkiv:kill-0",
      files: [{ logicalPath: "document.json", bytes: Buffer.from("{}") }],
      message: "after the kills",
      user: { name: "kill test", address: "urn:arkiv:test" },
    });
    expect(after.version).toBe(`v${Number(before.head.slice(1)) + 1}`);
    expect((await validateStorageRoot(root)).valid).toBe(true);
    await archive.close();
    expect(readdirSync(join(dir, ".archive-work"))).toEqual([]);
  });

  it("refuses a second writer while the first lives", async () => {
    const first = await Archive.open(root, { write: true });
    const child = spawn(process.execPath, ["--import", "tsx", loop, root, "99"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/is being written by process \d+/);
    await first.close();
  });
});
