// The archive and the batch under ordinary use, faults and hostile input (issue 15): each case is
// what an archivist, an operator or an attacker did, run through the real `arkiv` command, with
// the outcome a user cares about: the archive verifies, the report names the file and the error,
// nothing outside the output folder is written.
// Stopping a run with a signal.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isRunning, processTree, readProc, report, run, scratch, sleep, verify } from "../helpers/faults.ts";
import { PROJECT, shared } from "../helpers/shared.ts";

describe("7. signals", () => {
  for (const [signal, code] of [
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const) {
    it(`${signal} to the command's process stops its OCR workers at once and leaves a report and a valid archive`, async () => {
      const s = scratch(`signal-${signal}`);
      writeFileSync(join(s.sources, "rammeaftale.html"), readFileSync(shared("corpus/rammeaftale.html")));
      writeFileSync(join(s.sources, "scan.pdf"), readFileSync(shared("corpus/slides-2021-2022-scan.pdf")));
      const child = spawn(process.execPath, [`${PROJECT}bin/arkiv.js`, "run", s.sources, "--out", s.out, "--ocr", "force", "--jobs", "1", "-q"], { cwd: PROJECT, stdio: "ignore" });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (status) => resolve(status)));
      // Wait until the scan is in OCR: the command, its worker process and the worker's OCR threads are busy.
      let tree: number[] = [];
      for (let i = 0; i < 600 && !existsSync(join(s.archive, "0=ocfl_1.1")); i++) await sleep(50);
      for (let i = 0; i < 600; i++) {
        tree = processTree(child.pid!);
        if (tree.length >= 3) break;
        await sleep(50);
      }
      expect(tree.length).toBeGreaterThanOrEqual(3);
      await sleep(1500);
      tree = processTree(child.pid!);
      process.kill(child.pid!, signal);
      expect(await exited).toBe(code);
      // Every process of the run is gone. SIGKILL is sent at once; a process waiting on the disk
      // dies when its I/O ends, which on a loaded machine may take seconds.
      for (let i = 0; i < 200 && tree.some(isRunning); i++) await sleep(50);
      expect(tree.filter(isRunning).map((pid) => `${pid}: ${readProc(`/proc/${pid}/status`).split("\n").slice(0, 3).join(" ")}`)).toEqual([]);

      const rep = report(s.out);
      expect(rep.files.find((f) => f.path === "scan.pdf")!.error?.code).toBe("interrupted");
      // The web page may or may not have been finished before the signal (a loaded machine).
      const unfinished = rep.files.filter((f) => f.outcome !== "ok").map((f) => f.path);
      expect(rep.files.filter((f) => f.outcome !== "ok").every((f) => f.error?.code === "interrupted")).toBe(true);
      expect(rep.publish.error?.code).toBe("interrupted");
      expect(verify(s.archive).status).toBe(0);
      // The lock was let go, and --retry-failed takes up what was not finished.
      expect(run(s, "--retry-failed").status).toBe(0);
      expect(report(s.out).files.map((f) => [f.path, f.outcome])).toEqual(unfinished.map((path) => [path, "ok"]));
    });
  }
});
