/**
 * A node_modules laid out as `npm install pulumi-alicloud-sg-membership` leaves it: this package
 * as a real directory holding what it publishes (package.json and its `files`), every other entry a
 * link to the repository's node_modules. Pulumi stores the provider shim as one `require` of
 * the installed package only when the shim's file is under node_modules; the repository's own
 * self-link resolves outside it, so programs run from it get the shim serialized by value.
 * Used by the benchmarks and the end-to-end tests.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_NAME } from "../provider/resource/stored-provider";

/** Creates `<dir>/node_modules` with this package installed from `root` (built first). */
export function installPackageInto(root: string, dir: string): string {
  const modules = join(dir, "node_modules");
  mkdirSync(modules, { recursive: true });
  for (const entry of readdirSync(join(root, "node_modules"))) {
    if (entry !== PACKAGE_NAME)
      symlinkSync(join(root, "node_modules", entry), join(modules, entry));
  }
  copyPublishedFiles(root, join(modules, PACKAGE_NAME));
  return modules;
}

/** Copies what a build of this package publishes (package.json and its `files`) to `target`. */
export function copyPublishedFiles(build: string, target: string): void {
  mkdirSync(target);
  cpSync(join(build, "package.json"), join(target, "package.json"));
  const { files } = JSON.parse(readFileSync(join(build, "package.json"), "utf8")) as {
    files: string[];
  };
  for (const path of files) cpSync(join(build, path), join(target, path), { recursive: true });
}
