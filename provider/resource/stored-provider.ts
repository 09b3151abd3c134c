/**
 * The provider object a resource hands Pulumi, which decides what its state stores. Pulumi's
 * serializer stores a module's `module.exports` as a `require` of its path after the first
 * `node_modules` (relative to the working directory). For a copy of this package installed
 * directly in a node_modules, that is `SHIM_MODULE`, which stays resolvable in every release.
 * For any other copy (in pnpm's store, linked) the path would name a location that may not
 * resolve, or not for long, so the resource hands Pulumi a plain copy of the shim instead,
 * which is stored by value and requires the package by name.
 *
 * Either way the provider process finds the package by name from the program's directory, so
 * the program must be able to `require` it from there (a dependency of the program itself, not
 * only of another package); otherwise the resource fails at once, saying so.
 */
import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import shim from "../shim";

export const PACKAGE_NAME = "pulumi-alicloud-sg-membership";
/** What an installed package's state stores; package.json exports it. Never rename it. */
export const SHIM_MODULE = `${PACKAGE_NAME}/dist/provider/shim.js`;

const byValue: pulumi.dynamic.ResourceProvider = { ...shim };
/** The answer for each working directory, worked out for the first resource declared there. */
const byCwd = new Map<string, pulumi.dynamic.ResourceProvider>();

/** The provider object for resources declared by a program running in `cwd`. */
export function storedProvider(cwd = process.cwd()): pulumi.dynamic.ResourceProvider {
  let provider = byCwd.get(cwd);
  if (!provider) {
    assertResolvable(cwd);
    provider = storedAsRequire(cwd, require.resolve("../shim")) ? shim : byValue;
    byCwd.set(cwd, provider);
  }
  return provider;
}

/** Whether Pulumi would store the shim module at `shimFile` as `require(SHIM_MODULE)`. */
export function storedAsRequire(cwd: string, shimFile: string): boolean {
  const parts = relative(cwd, shimFile).split(sep);
  const at = parts.indexOf("node_modules");
  return at >= 0 && parts.slice(at + 1).join("/") === SHIM_MODULE;
}

function assertResolvable(cwd: string): void {
  try {
    // As a module in the program's directory would: `require.resolve` with `paths` would find
    // this package through its own name first.
    createRequire(join(cwd, "program.js")).resolve(PACKAGE_NAME);
  } catch {
    // A RunError is printed as its message alone, without the stack (see ./arguments.ts).
    throw new pulumi.RunError(
      `SecurityGroupMembership: ${PACKAGE_NAME} cannot be required from the program's directory ` +
        `(${cwd}). Pulumi runs the provider from there and finds the package by name, so add it ` +
        `to the program's own dependencies (npm install ${PACKAGE_NAME}).`,
    );
  }
}
