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

/** What a killed child committed: versions written, and how many of them were reverts. */
interface Committed {
  commits: number;
  reverts: number;
}

/**
 * Starts the committing child and kills it inside a commit: once it has written its first
 * version, after `share` (0 to 1.5) of the time that commit took. The commits follow each other
 * without a pause, so the kill lands in some phase of the next one (or just after it), however
 * loaded the machine is.
 */
function commitUntilKilled(seed: number, share: number): Promise<Committed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", loop, root, String(seed)], { stdio: ["ignore", "pipe", "inherit"] });
    const done: Committed = { commits: 0, reverts: 0 };
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      const lines = chunk.split("\n").filter((l) => l.startsWith("commit"));
      done.commits += lines.length;
      done.reverts += lines.filter((l) => l.includes(" revert")).length;
      const took = Number(/(\d+)ms$/.exec(lines[0] ?? "")?.[1]);
      if (lines.length && !timer) timer = setTimeout(() => child.kill("SIGKILL"), share * took);
    });
    child.on("error", reject);
    child.on("exit", (_code, signal) => (signal === "SIGKILL" ? resolve(done) : reject(new Error(`the commit loop ended by itself (${signal ?? _code})`))));
  });
}

/** Where in a commit the kills land: pseudo-random shares of a commit's time, the same every run (a failure can be replayed). */
function* killShares(): Generator<number> {
  let state = 20261207;
  for (;;) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    yield (state % 1500) / 1000;
  }
}

/** Kills, each at a random point of a commit; every killed process has written a version first, so as many commits. */
const KILLS_WANTED = 50;
/**
 * More kills while none has yet landed inside a commit's swap (on a loaded machine most of a
 * commit's time is the digests, before its transaction exists); bounded, so the test ends.
 */
const MAX_KILLS = 200;

describe("killed in the middle of commits", () => {
  it("leaves a valid archive every time, reverts included, and the next run completes the work", async () => {
    let interrupted = 0;
    const total: Committed = { commits: 0, reverts: 0 };
    const shares = killShares();
    let kills = 0;
    while (kills < KILLS_WANTED || (interrupted === 0 && kills < MAX_KILLS)) {
      const done = await commitUntilKilled(kills + 1, shares.next().value as number);
      kills++;
      total.commits += done.commits;
      total.reverts += done.reverts;
      const result = await validateStorageRoot(root);
      const errors = [...result.errors, ...result.objects.flatMap((o) => o.result.errors)];
      expect(errors, `after kill ${kills}`).toEqual([]);
      expect(result.valid).toBe(true);
      const work = join(dir, ".archive-work");
      // Transactions left behind (the killed writer's lock does not count).
      if (existsSync(work) && readdirSync(work).some((e) => e !== "writer.lock")) interrupted++;
    }
    expect(total.commits).toBeGreaterThanOrEqual(KILLS_WANTED);
    // Versions that stored nothing new were committed too.
    expect(total.reverts).toBeGreaterThan(0);
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
    // 50 processes started and killed: under load (CI beside another job) this takes minutes.
  }, 600_000);

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
