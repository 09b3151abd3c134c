/**
 * The SDKs generated from the native provider's package schema (sdk/, written by
 * scripts/gen-sdks.sh and committed), and the Node.js one built as users build it: compiled with
 * this repository's TypeScript, package.json and README.md beside the JavaScript, so that
 * `npm pack` of the directory gives the package to install. @pulumi/pulumi is its peer: it
 * resolves the program's own copy.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join, relative } from "node:path";
import { REPO_ROOT } from "./repo-root";

/** The generated SDKs: schema.json, nodejs/, python/, go/. */
export const SDK_DIR = join(REPO_ROOT, "sdk");

/** One generated SDK's directory (the Go module is `go/`, its package `go/alicloudsgmembership`). */
export const sdkDir = (language: "nodejs" | "python" | "go") => join(SDK_DIR, language);

/** The cache the project's scripts build into (they read the same variables). */
const CACHE = join(
  process.env.PULUMI_CLI_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "pulumi-alicloud-sg-membership"),
);

/** Every file under `dir` (relative paths, sorted), skipping build output and installs. */
export function filesUnder(dir: string, skip = ["node_modules", "bin"]): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (skip.includes(entry.name)) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(dir, path));
    }
  };
  walk(dir);
  return found.sort();
}

/**
 * The built Node.js SDK: a directory holding package.json, README.md and the compiled
 * JavaScript and declarations, ready for `npm pack`. Built once per content of sdk/nodejs and
 * TypeScript release, into the cache; fails saying what is missing.
 */
export function builtNodeSdk(): string {
  const source = sdkDir("nodejs");
  const tsc = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
  if (!existsSync(tsc)) throw new Error(`${tsc} is missing: run 'npm ci' in ${REPO_ROOT} first.`);
  const hash = createHash("sha256").update(readFileSync(join(tsc, "..", "..", "package.json")));
  for (const file of filesUnder(source)) hash.update(file).update(readFileSync(join(source, file)));
  const built = join(CACHE, `nodejs-sdk-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(join(built, "package.json"))) return built;

  mkdirSync(CACHE, { recursive: true });
  const tmp = mkdtempSync(join(CACHE, ".nodejs-sdk-"));
  try {
    // The SDK's own tsconfig.json; @pulumi/pulumi and @types/node resolve from this repository.
    execFileSync(process.execPath, [tsc, "-p", source, "--outDir", tmp], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const file of ["package.json", "README.md"]) cpSync(join(source, file), join(tmp, file));
    renameSync(tmp, built);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (existsSync(join(built, "package.json"))) return built; // built by a run beside this one
    const out = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(
      `Building the Node.js SDK (${source}) with ${tsc} failed: ${out.message}\n${out.stdout ?? ""}${out.stderr ?? ""}`,
    );
  }
  return built;
}
