#!/usr/bin/env node
// The command runs the compiled sources in dist/, built by `npm install` (the prepare script) or
// `npm run build`.
import { spawn } from "node:child_process";

// OCR allocates several multi-megabyte buffers per page (pixels, tesseract's input, sharp's
// outputs). glibc's malloc raises its mmap threshold as it sees them and then serves them from the
// heap, where they fragment: a 200-page scan crept from ~720 to ~920 MB RSS. With a fixed
// threshold big buffers go back to the system when freed and the run stays flat (~650 MB).
// glibc reads the setting only at process start, so the command starts itself once more with it.
const MALLOC_SETTING = "MALLOC_MMAP_THRESHOLD_";
if (process.platform === "linux" && process.env[MALLOC_SETTING] === undefined) {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, [MALLOC_SETTING]: "131072" },
  });
  // Signals sent to this process's id (kill, timeout, systemd, docker) are passed on. Ctrl-C
  // reaches both processes (same process group); the command treats a second SIGINT as the first.
  for (const signal of ["SIGTERM", "SIGHUP", "SIGINT"]) process.on(signal, () => child.kill(signal));
  child.on("error", (err) => {
    process.stderr.write(`arkiv: cannot start: ${err.message}\n`);
    process.exit(2);
  });
  child.on("exit", (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
} else {
  try {
    await import("../dist/src/cli/main.js");
  } catch (err) {
    if (err?.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("dist/src/cli/main.js")) {
      process.stderr.write("arkiv: not built yet; run `npm install` or `npm run build` in the project folder\n");
      process.exit(2);
    }
    throw err;
  }
}
