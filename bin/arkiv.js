#!/usr/bin/env node
// The command runs the compiled sources in dist/, built by `npm install` (the prepare script) or
// `npm run build`.
try {
  await import("../dist/src/cli/main.js");
} catch (err) {
  if (err?.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("dist/src/cli/main.js")) {
    process.stderr.write("arkiv: not built yet; run `npm install` or `npm run build` in the project folder\n");
    process.exit(2);
  }
  throw err;
}
