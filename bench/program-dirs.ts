/** The benchmark programs (bench/programs), each copied once to a temp dir per package layout. */
import { cpSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { installPackageInto } from "../testkit/installed-package";
import { REPO_ROOT } from "../testkit/repo-root";
import { installNodeSdkInto } from "./native-program";
import { tempDir } from "./temp-dirs";

/** `native`: the memberships on the generated Node.js SDK and the installed package's plugin/. */
export type ProgramKind = "memberships" | "native" | "noop";
/**
 * How the program gets this package: `installed` as from the registry (a real directory under
 * node_modules, what users have), or `linked` to the repository (as with `npm link`, `file:` or
 * workspaces), where Pulumi serializes the shim by value.
 */
export type PackageLayout = "installed" | "linked";

const programs = new Map<string, string>();
/** A private copy of a benchmark program with this package in the given layout. */
export function programDir(kind: ProgramKind, layout: PackageLayout): string {
  let dir = programs.get(`${kind}/${layout}`);
  if (!dir) {
    dir = tempDir(`program-${kind}-${layout}`);
    cpSync(join(REPO_ROOT, "bench", "programs", kind), dir, { recursive: true });
    if (layout === "installed") installPackageInto(REPO_ROOT, dir);
    else if (kind === "native") throw new Error("bench: the native program runs installed only");
    else symlinkSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"));
    if (kind === "native") installNodeSdkInto(dir);
    programs.set(`${kind}/${layout}`, dir);
  }
  return dir;
}
