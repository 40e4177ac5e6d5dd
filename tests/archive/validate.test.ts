// The OCFL validator against the OCFL 1.1 fixtures (../shared, read-only) and small storage roots built in a temp dir.
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { validateObject, validateStorageRoot, type ValidationResult } from "../../src/archive/validate/index.ts";
import { hashedNTuplePath, readHashedNTupleConfig } from "../../src/archive/validate/layout.ts";

const FIXTURES = fileURLToPath(new URL("../../../shared/testdata/ocfl-fixtures/1.1/", import.meta.url));
const LAYOUT = "0004-hashed-n-tuple-storage-layout";

function fixtures(kind: "good-objects" | "bad-objects" | "warn-objects"): string[] {
  return readdirSync(join(FIXTURES, kind)).sort();
}

/** The codes a fixture's folder name promises, e.g. E049_E050_E054_bad_version_block_values → E049, E050, E054. */
function codesIn(name: string, prefix: "E" | "W"): string[] {
  return name.match(new RegExp(`(?<=^|_)${prefix}\\d{3}(?=_)`, "g")) ?? [];
}

function codes(issues: ValidationResult["errors"]): string[] {
  return [...new Set(issues.map((issue) => issue.code))].sort();
}

const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "arkiv-validate-"));
  temps.push(dir);
  return dir;
}

/** fs.cp keeps the fixtures' read-only modes; make the copy writable so it can be changed and removed. */
async function copyWritable(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
  const walk = async (dir: string): Promise<void> => {
    await chmod(dir, 0o755);
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else await chmod(path, 0o644);
    }
  };
  await walk(to);
}

// No fixture is treated as an exception: every good object validates, every bad object reports
// the codes in its name, every warn object validates with its warnings.
describe("OCFL 1.1 good objects validate with no errors", () => {
  for (const name of fixtures("good-objects")) {
    it(name, async () => {
      const result = await validateObject(join(FIXTURES, "good-objects", name));
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
    });
  }
});

describe("OCFL 1.1 bad objects are invalid with the codes in their names", () => {
  for (const name of fixtures("bad-objects")) {
    it(name, async () => {
      const result = await validateObject(join(FIXTURES, "bad-objects", name));
      expect(result.valid).toBe(false);
      const expected = codesIn(name, "E");
      expect(expected.length).toBeGreaterThan(0);
      expect(codes(result.errors)).toEqual(expect.arrayContaining(expected));
    });
  }
});

describe("OCFL 1.1 warn objects are valid with the warnings in their names", () => {
  for (const name of fixtures("warn-objects")) {
    it(name, async () => {
      const result = await validateObject(join(FIXTURES, "warn-objects", name));
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
      const expected = codesIn(name, "W");
      expect(expected.length).toBeGreaterThan(0);
      expect(codes(result.warnings)).toEqual(expect.arrayContaining(expected));
    });
  }
});

describe("issues", () => {
  it("say what is wrong and where", async () => {
    const result = await validateObject(join(FIXTURES, "bad-objects", "E092_content_file_digest_mismatch"));
    const issue = result.errors.find((error) => error.code === "E092");
    expect(issue?.path).toBe("v1/content/test.txt");
    expect(issue?.message).toMatch(/v1\/content\/test\.txt has sha512 digest .* but the manifest of inventory\.json records/);
  });
});

describe("fast validation", () => {
  it("still finds a good object valid", async () => {
    const result = await validateObject(join(FIXTURES, "good-objects", "spec-ex-full"), { fast: true });
    expect(result).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it("skips content digests, which a full validation checks", async () => {
    const root = join(await tempDir(), "object");
    await copyWritable(join(FIXTURES, "good-objects", "minimal_one_version_one_file"), root);
    const file = join(root, "v1", "content", "a_file.txt");
    const bytes = await readFile(file);
    bytes[0] = (bytes[0] ?? 0) ^ 0x01;
    await writeFile(file, bytes);

    const full = await validateObject(root);
    expect(full.valid).toBe(false);
    expect(codes(full.errors)).toContain("E092");
    expect(full.errors.find((error) => error.code === "E092")?.path).toBe("v1/content/a_file.txt");

    const fast = await validateObject(root, { fast: true });
    expect(fast.errors).toEqual([]);
  });

  it("still checks structure and inventory digests", async () => {
    const fast = await validateObject(join(FIXTURES, "bad-objects", "E060_version_inventory_digest_mismatch"), { fast: true });
    expect(codes(fast.errors)).toContain("E060");
    const missing = await validateObject(join(FIXTURES, "bad-objects", "E092_E093_content_path_does_not_exist"), { fast: true });
    expect(codes(missing.errors)).toEqual(expect.arrayContaining(["E092", "E093"]));
  });
});

describe("0004 hashed n-tuple layout", () => {
  it("maps ids as the extension's examples do", () => {
    expect(hashedNTuplePath("object-01")).toBe("3c0/ff4/240/3c0ff4240c1e116dba14c7627f2319b58aa3d77606d0d90dfc6161608ac987d4");
    expect(hashedNTuplePath("..hor/rib:le-$id")).toBe("487/326/d8c/487326d8c2a3c0b885e23da1469b4d6671fd4e76978924b4443e9e3c316cda6d");
    const md5 = readHashedNTupleConfig({ digestAlgorithm: "md5", tupleSize: 2, numberOfTuples: 15, shortObjectRoot: true });
    expect(md5.config && hashedNTuplePath("object-01", md5.config)).toBe("ff/75/53/44/92/48/5e/ab/b3/9f/86/35/67/28/88/4e");
    const flat = readHashedNTupleConfig({ tupleSize: 0, numberOfTuples: 0 });
    expect(flat.config && hashedNTuplePath("object-01", flat.config)).toBe("3c0ff4240c1e116dba14c7627f2319b58aa3d77606d0d90dfc6161608ac987d4");
  });

  it("rejects impossible configurations", () => {
    expect(readHashedNTupleConfig({ tupleSize: 0, numberOfTuples: 3 }).problems).not.toEqual([]);
    expect(readHashedNTupleConfig({ tupleSize: 32, numberOfTuples: 3 }).problems).not.toEqual([]);
    expect(readHashedNTupleConfig({ digestAlgorithm: "crc32" }).problems).not.toEqual([]);
  });
});

describe("storage roots", () => {
  /** The 0004 default path, computed here independently of the validator. */
  function layoutPath(id: string): string {
    const digest = createHash("sha256").update(id, "utf8").digest("hex");
    return [digest.slice(0, 3), digest.slice(3, 6), digest.slice(6, 9), digest].join("/");
  }

  /** A storage root with the 0004 layout holding a copy of the given good fixture objects. */
  async function buildRoot(fixtureNames: string[]): Promise<{ root: string; paths: Map<string, string> }> {
    const root = join(await tempDir(), "root");
    await mkdir(join(root, "extensions", LAYOUT), { recursive: true });
    await writeFile(join(root, "0=ocfl_1.1"), "ocfl_1.1\n");
    await writeFile(join(root, "ocfl_layout.json"), JSON.stringify({ extension: LAYOUT, description: "Hashed n-tuple storage layout (sha256, 3 × 3)" }));
    await writeFile(
      join(root, "extensions", LAYOUT, "config.json"),
      JSON.stringify({ extensionName: LAYOUT, digestAlgorithm: "sha256", tupleSize: 3, numberOfTuples: 3, shortObjectRoot: false }),
    );
    const paths = new Map<string, string>();
    for (const name of fixtureNames) {
      const source = join(FIXTURES, "good-objects", name);
      const id = (JSON.parse(await readFile(join(source, "inventory.json"), "utf8")) as { id: string }).id;
      const path = layoutPath(id);
      await copyWritable(source, join(root, path));
      paths.set(id, path);
    }
    return { root, paths };
  }

  it("validates objects stored where the layout puts them", async () => {
    const { root, paths } = await buildRoot(["spec-ex-full", "minimal_one_version_one_file"]);
    const seen: string[] = [];
    const result = await validateStorageRoot(root, { onObject: (path, objectResult) => seen.push(`${path}:${objectResult.valid}`) });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.objects.map((object) => [object.id, object.path]).sort()).toEqual([...paths].sort());
    expect(result.objects.every((object) => object.result.valid)).toBe(true);
    expect(seen.sort()).toEqual([...paths.values()].map((path) => `${path}:true`).sort());
  });

  it("reports a stray file in an intermediate directory", async () => {
    const { root, paths } = await buildRoot(["spec-ex-minimal"]);
    const [path] = [...paths.values()];
    const intermediate = (path ?? "").split("/").slice(0, 2).join("/");
    await writeFile(join(root, intermediate, "stray.txt"), "not part of any object\n");
    const result = await validateStorageRoot(root);
    expect(result.valid).toBe(false);
    expect(result.errors.map((error) => [error.code, error.path])).toContainEqual(["E072", `${intermediate}/stray.txt`]);
    expect(result.objects).toHaveLength(1);
  });

  it("reports empty directories, misplaced objects and invalid objects", async () => {
    const { root } = await buildRoot(["spec-ex-minimal"]);
    await mkdir(join(root, "abc", "def"), { recursive: true });
    await copyWritable(join(FIXTURES, "good-objects", "minimal_no_content"), join(root, "fff", "misplaced"));
    await copyWritable(join(FIXTURES, "bad-objects", "E058_no_sidecar"), join(root, layoutPath("http://example.org/E058_no_sidecar")));
    const result = await validateStorageRoot(root, { fast: true });
    expect(result.valid).toBe(false);
    const rootIssues = result.errors.map((error) => [error.code, error.path]);
    expect(rootIssues).toContainEqual(["E073", "abc/def"]);
    expect(rootIssues).toContainEqual(["E083", "fff/misplaced"]);
    const bad = result.objects.find((object) => object.id === "http://example.org/E058_no_sidecar");
    expect(bad?.result.valid).toBe(false);
    expect(codes(bad?.result.errors ?? [])).toContain("E058");
  });

  it("checks the declaration and ocfl_layout.json", async () => {
    const { root } = await buildRoot([]);
    await writeFile(join(root, "0=ocfl_1.1"), "ocfl 1.1");
    await writeFile(join(root, "ocfl_layout.json"), JSON.stringify({ extension: LAYOUT }));
    const result = await validateStorageRoot(root);
    expect(codes(result.errors)).toEqual(expect.arrayContaining(["E070", "E080"]));

    await rm(join(root, "0=ocfl_1.1"));
    expect(codes((await validateStorageRoot(root)).errors)).toContain("E069");
  });
});
