// Child process for the kill test: commits new versions of a few objects, as fast as it can, until
// it is killed. Each commit changes one small file and writes a larger one, so a kill lands in every
// part of a commit: building, the swap, the clean-up.
import { createHash } from "node:crypto";
import { Archive } from "../../src/archive/store.ts";

const [root, seed] = process.argv.slice(2) as [string, string];
const archive = await Archive.open(root, { write: true });
process.stdout.write("open\n");
for (let i = 0; ; i++) {
  const n = Number(seed) * 1000 + i;
  const big = Buffer.alloc(256 * 1024);
  // Different content every time: every commit stores a new file.
  for (let j = 0; j < big.length; j += 64) createHash("sha512").update(`${n}:${j}`).digest().copy(big, j);
  await archive.commit({
    id: `urn:arkiv:kill-${i % 3}`,
    files: [
      { logicalPath: "document.json", bytes: Buffer.from(JSON.stringify({ n })) },
      { logicalPath: "source/scan.bin", bytes: big },
      { logicalPath: "provenance.json", bytes: Buffer.from(`{"seed":${seed}}`) },
    ],
    message: `commit ${n}`,
    user: { name: "kill test", address: "urn:arkiv:test" },
  });
  process.stdout.write(`commit ${n}\n`);
}
