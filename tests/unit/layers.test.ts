/**
 * The layers of the README's map of the tree, held: each folder of the provider and the
 * emulator imports only the folders it may (relative imports; packages are not checked here).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** Folder -> the folders (relative to the repository) its files may import, besides itself. */
const MAY_IMPORT: Record<string, string[]> = {
  "provider/resource": ["provider/schema", "provider"],
  "provider/schema": [],
  "provider/ecs": ["provider/schema"],
  "provider/errors": ["provider/ecs", "provider/schema"],
  "provider/resilience": ["provider/errors", "provider/ecs", "provider/schema"],
  "provider/concurrency": [
    "provider/ecs",
    "provider/errors",
    "provider/resilience",
    "provider/schema",
  ],
  "provider/operations": [
    "provider/concurrency",
    "provider/ecs",
    "provider/errors",
    "provider/resilience",
    "provider/schema",
  ],
  "provider/runtime": [
    "provider/concurrency",
    "provider/ecs",
    "provider/errors",
    "provider/operations",
    "provider/resilience",
    "provider/schema",
  ],
  "emulator/model": [],
  "emulator/actions": ["emulator/model"],
  "emulator/wire": ["emulator/model", "emulator/actions", "emulator"],
};

const filesIn = (dir: string): string[] =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith(".ts") && statSync(join(ROOT, dir, f)).isFile())
    .map((f) => join(dir, f));

/** The folders a file's relative imports land in. */
function importedFolders(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const specs = [...text.matchAll(/(?:from|require\()\s*["'](\.{1,2}\/[^"']+)["']/g)].map(
    (m) => m[1],
  );
  return specs.map((spec) =>
    relative(ROOT, dirname(resolve(ROOT, dirname(file), spec)))
      .split(sep)
      .join("/"),
  );
}

describe.each(Object.entries(MAY_IMPORT))("%s", (folder, allowed) => {
  test.each(filesIn(folder))("%s imports only what its layer may", (file) => {
    const outside = importedFolders(file).filter((f) => f !== folder && !allowed.includes(f));
    expect(outside).toEqual([]);
  });
});

test("every folder of the provider and the emulator is in the map", () => {
  const folders = ["provider", "emulator"].flatMap((top) =>
    readdirSync(join(ROOT, top))
      .filter((f) => statSync(join(ROOT, top, f)).isDirectory())
      .map((f) => `${top}/${f}`),
  );
  expect(folders.sort()).toEqual(Object.keys(MAY_IMPORT).sort());
});
