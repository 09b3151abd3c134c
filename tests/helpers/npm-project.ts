/**
 * Projects as users make them: this package packed by `npm pack` and installed by `npm install`
 * next to the packages a test names (dependencies from npm's cache, else the registry).
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
export const INSTALL_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * Runs a command and resolves to its stdout; on failure, rejects with everything it printed.
 * Asynchronous, so that an emulator in the calling process keeps answering. `env` replaces the
 * environment (its PATH decides which node and pulumi run).
 */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { ...options, timeout: options.timeout ?? INSTALL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const what = `${command} ${args.join(" ")} failed: ${error.message}`;
        reject(new Error(`${what}\n${stdout}${stderr}`));
      },
    );
  });
}

const npm = (dir: string, args: string[], env?: NodeJS.ProcessEnv) =>
  run("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, env });

let packed: Promise<string> | undefined;

/** `npm pack` of this repository (as built), once per test file; the tarball's path. */
export function packedPackage(): Promise<string> {
  packed ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "sg-pack-"));
    await npm(dir, ["pack", ROOT, "--pack-destination", dir]);
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    if (!tarball) throw new Error(`npm pack ${ROOT} left no tarball in ${dir}`);
    return join(dir, tarball);
  })();
  return packed;
}

/** A fresh project (`dir`, or a new temp folder) with `specs` installed by `npm install`. */
export async function npmProject(
  specs: string[],
  env?: NodeJS.ProcessEnv,
  dir?: string,
): Promise<string> {
  const project = dir ?? mkdtempSync(join(tmpdir(), "sg-npm-project-"));
  mkdirSync(project, { recursive: true });
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "sg-membership-user-project", private: true }),
  );
  await npmInstall(project, specs, env);
  return project;
}

/** `npm install` of more specs into an existing project (an upgrade, say). */
export function npmInstall(project: string, specs: string[], env?: NodeJS.ProcessEnv) {
  return npm(project, ["install", "--prefer-offline", ...specs], env);
}

/** Runs the `pulumi` on `env`'s PATH in `project`, non-interactively. */
export const pulumiIn =
  (project: string, env: NodeJS.ProcessEnv) =>
  (...args: string[]) =>
    run("pulumi", [...args, "--non-interactive"], { cwd: project, env, timeout: 180_000 });

/** Every copy of a package in a project's node_modules tree, by directory. */
export function copiesOf(project: string, name: string): string[] {
  const found: string[] = [];
  const walk = (modules: string) => {
    let entries: string[];
    try {
      entries = readdirSync(modules);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.startsWith(".")) continue;
      const scoped = entry.startsWith("@")
        ? readdirSync(join(modules, entry)).map((e) => `${entry}/${e}`)
        : [entry];
      for (const pkg of scoped) {
        if (pkg === name) found.push(join(modules, pkg));
        walk(join(modules, pkg, "node_modules"));
      }
    }
  };
  walk(join(project, "node_modules"));
  return found;
}
