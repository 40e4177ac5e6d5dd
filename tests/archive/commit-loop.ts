// Child process for the kill test: commits new versions of a few objects, as fast as it can, until
// it is killed. Each commit changes one small file and writes a larger one, so a kill lands in every
// part of a commit: building, the swap, the clean-up. Every other commit goes back to content the
// object already stored (a revert: a version that stores nothing new).
import { createHash } from "node:crypto";
import { Archive } from "../../src/archive/store.ts";

const [root, seed] = process.argv.slice(2) as [string, string];
const archive = await Archive.open(root, { write: true });
process.stdout.write("open\n");

/** 256 KiB that differ for every key. */
function bigFile(key: string): Buffer {
  const big = Buffer.alloc(256 * 1024);
  for (let j = 0; j < big.length; j += 64) createHash("sha512").update(`${key}:${j}`).digest().copy(big, j);
  return big;
}

for (let i = 0; ; i++) {
  const n = Number(seed) * 1000 + i;
  // One object per process; every other commit goes back to content the object has had before
  // (the same in every process), so from the second process on those commits are reverts.
  const object = Number(seed) % 3;
  const key = i % 2 === 1 ? `first-${object}` : String(n);
  const started = performance.now();
  const result = await archive.commit({
    id: `urn:arkiv:kill-${object}`,
    files: [
      { logicalPath: "document.json", bytes: Buffer.from(JSON.stringify({ key })) },
      { logicalPath: "source/scan.bin", bytes: bigFile(key) },
      { logicalPath: "provenance.json", bytes: Buffer.from(`{"key":"${key}"}`) },
    ],
    message: `commit ${n}`,
    user: { name: "kill test", address: "urn:arkiv:test" },
  });
  // A version that stored no new content is a revert. How long the commit took: the test times its kill by it.
  const revert = result.version !== null && result.changed.length === 0;
  if (result.version) process.stdout.write(`commit ${n} ${result.version}${revert ? " revert" : ""} ${Math.round(performance.now() - started)}ms\n`);
}
