import { spawnSync } from "node:child_process";
import { PROJECT } from "./shared.ts";

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `arkiv` command (bin/arkiv.js) as a user would, from the project folder. */
export function arkiv(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [`${PROJECT}bin/arkiv.js`, ...args], {
    cwd: PROJECT,
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
