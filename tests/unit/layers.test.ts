/**
 * The layers of the README's map of the tree, held: each folder of the provider and the
 * emulator imports only the folders it may (relative imports; packages are not checked here).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const ROOT = join(__dirname, "..", "..");

/**
 * Folder -> what its files may import besides the folder itself: folders, or single files
 * (`emulator/faults.ts`). The top-level files of `provider/` and `emulator/` are the packages'
 * roots and may import their subfolders.
 */
const MAY_IMPORT: Record<string, string[]> = {
  provider: ["provider/resource", "provider/runtime", "emulator"],
  "provider/resource": ["provider/schema", "provider/shim.ts"],
  "provider/schema": [],
  "provider/ownership": ["provider/schema"],
  "provider/ecs": ["provider/schema"],
  "provider/errors": ["provider/ecs", "provider/schema"],
  "provider/resilience": ["provider/errors", "provider/ecs", "provider/schema"],
  "provider/concurrency": [
    "provider/ecs",
    "provider/errors",
    "provider/resilience",
    "provider/schema",
  ],
  "provider/native": ["provider/resilience", "provider/runtime", "provider/schema"],
  "provider/operations": [
    "provider/concurrency",
    "provider/ecs",
    "provider/errors",
    "provider/ownership",
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
  emulator: ["emulator/model", "emulator/wire", "emulator/actions"],
  "emulator/model": [],
  "emulator/actions": ["emulator/model"],
  "emulator/wire": ["emulator/model", "emulator/actions", "emulator/faults.ts"],
};

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

const filesIn = (dir: string): string[] =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith(".ts") && isFile(join(ROOT, dir, f)))
    .map((f) => join(dir, f));

/** What a file's relative imports name: a file (`a/b.ts`) or a folder (`a`, through its index). */
function imported(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const specs = [...text.matchAll(/(?:from|require\(|import\()\s*["'](\.{1,2}\/[^"']+)["']/g)].map(
    (m) => m[1],
  );
  return specs.map((spec) => {
    const path = resolve(ROOT, dirname(file), spec);
    const target = isFile(`${path}.ts`) ? `${path}.ts` : path;
    return relative(ROOT, target).split(sep).join("/");
  });
}

/** Whether `folder`'s files may import `target`. */
function allowed(folder: string, target: string): boolean {
  const rules = MAY_IMPORT[folder];
  const home = target.endsWith(".ts") ? dirname(target) : target;
  return home === folder || rules.includes(home) || rules.includes(target);
}

describe.each(Object.entries(MAY_IMPORT))("%s", (folder) => {
  test.each(filesIn(folder))("%s imports only what its layer may", (file) => {
    expect(imported(file).filter((target) => !allowed(folder, target))).toEqual([]);
  });
});

test("every folder of the provider and the emulator is in the map", () => {
  const folders = ["provider", "emulator"].flatMap((top) => [
    top,
    ...readdirSync(join(ROOT, top))
      .filter((f) => statSync(join(ROOT, top, f)).isDirectory())
      .map((f) => `${top}/${f}`),
  ]);
  expect(folders.sort()).toEqual(Object.keys(MAY_IMPORT).sort());
});
